import type { CallContext } from '../../ground/types.js';

/** A picture given to edit (`-f`), as read from its file. */
export interface InputImage {
  bytes: Uint8Array;
  /** Told by its first bytes: image/png, image/jpeg, image/gif or image/webp. */
  mime: string;
}

/** What the user asked for, before any API's mapping. */
export interface ImageRequest {
  prompt: string;
  model: string;
  /** Pixels asked for (`--size WxH`), where the API takes a size. */
  size?: { width: number; height: number };
  /** How many images (`-n`); an API that makes one per request is asked n times. */
  n: number;
  seed?: number;
  /** `--quality` as given: low, medium, high, auto, standard, hd. */
  quality?: string;
  inputImage?: InputImage;
}

/** One picture as the service sent it: its bytes, and the media type it claimed. */
export interface GeneratedImage {
  bytes: Uint8Array;
  mime: string;
}

export interface ImageResult {
  images: GeneratedImage[];
  /** The model that drew them, as the service names it. */
  model: string;
  /** The prompt as the service rewrote it (DALL·E 3's `revised_prompt`). */
  revisedPrompt?: string;
  /** Words the model said beside its pictures (Gemini's text parts). */
  text?: string;
}

/** Request options an image API may lack; one it lacks is refused by its flag's name. */
export type ImageOption = 'seed' | 'quality' | 'input-image';

/** Each option in words (the CLI names its flag instead). */
export const OPTION_WORDS: Readonly<Record<ImageOption, string>> = { seed: 'seed', quality: 'quality', 'input-image': 'picture to edit' };

export interface ImageCallContext extends CallContext {
  /**
   * The origin (scheme, host, port) an image URL in the answer may lead to at an internal
   * address: the server the user pointed a provider at. Every other URL must lead to a public
   * address, so a public service cannot make g4f-chat fetch from this machine or its network.
   */
  trustedOrigin?: string;
  /** Progress worth a line while the picture is made (a queue, a wait between requests). */
  onStatus?(text: string): void;
}

/** A provider's image API: the model used when none is named, what it takes, and the call. */
export interface ImageApi {
  defaultModel: string;
  /** Known image models, for help and for `providers`. */
  models: readonly string[];
  takes: ReadonlySet<ImageOption>;
  /**
   * May be in `auto`'s image chain even though the provider is kept out of `auto` for text
   * (whose terms are about ads in answers, not pictures).
   */
  inAuto?: boolean;
  /** The operator's terms for anonymous pictures, in one line. */
  terms?: string;
  generate(req: ImageRequest, ctx: ImageCallContext): Promise<ImageResult>;
}
