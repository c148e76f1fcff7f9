import { UsageError } from '../../ground/errors.js';
import type { CallContext, Provider, StreamPart } from '../../ground/types.js';
import { OPTION_WORDS, type ImageApi, type ImageOption, type ImageRequest, type ImageResult } from '../../providers/images/image-api.js';
import { imageApiOf, imageProviderIds } from '../../providers/images/image-apis.js';
import { streamChain, type ChainLink, type ChainOptions } from '../chain/chain.js';

/** What the user asked for; the model is each provider's own image model unless named. */
export type ImageAsk = Omit<ImageRequest, 'model'> & { model?: string };

export interface ImageChainOptions extends ChainOptions {
  /** Progress a provider reports while it draws (a picture of several, a queue). */
  onStatus?(text: string): void;
}

/** The answer, and who drew it. */
export type ImageAnswer = ImageResult & { provider: string };

/** An option asked for (a seed, a quality, a picture to edit) that no provider of the chain takes. */
export class ImageOptionRefusedError extends UsageError {
  override name = 'ImageOptionRefusedError';
  constructor(
    readonly provider: string,
    readonly option: ImageOption,
    /** Built-in providers whose image API takes it. */
    readonly takers: readonly string[],
  ) {
    super(`${provider}'s image API takes no ${OPTION_WORDS[option]}`, `providers whose image API takes one: ${takers.join(', ')}`);
  }
}

/** The options an ask needs of an API beyond the prompt. */
export function optionsAsked(ask: ImageAsk): ImageOption[] {
  const asked: ImageOption[] = [];
  if (ask.seed !== undefined) asked.push('seed');
  if (ask.quality !== undefined) asked.push('quality');
  if (ask.inputImage) asked.push('input-image');
  return asked;
}

/** Why a provider cannot draw this ask: it has no image API, or its API lacks an option asked. */
export function whyNotDrawn(provider: Provider, ask: ImageAsk): string | undefined {
  const api = imageApiOf(provider);
  if (!api) return 'has no image API';
  const missing = optionsAsked(ask).find((option) => !api.takes.has(option));
  return missing ? `its image API takes no ${OPTION_WORDS[missing]}` : undefined;
}

/**
 * Draws the ask with the first provider of the chain that answers, through the chain's own
 * loop (chain.ts): retries, a host passed over after its silence, the chain's deadline, and a
 * prompt that went to a local or keyed provider never moving on to a public one without
 * consent. A provider without an image API, or whose API lacks an option asked (`--seed`,
 * `--quality`, `-f`), is skipped and recorded so; when none can draw, the ask is refused by name.
 * A picture arrives whole, so any failure comes before anything is shown and may fall back.
 */
export async function drawThroughChain(links: readonly ChainLink[], ask: ImageAsk, options: ImageChainOptions): Promise<ImageAnswer> {
  const { able, refused } = sortLinks(links, ask);
  for (const { link, reason } of refused) {
    options.attempts.push({ provider: link.provider.id, outcome: 'skipped', reason, tries: 0 });
    options.onEvent?.({ type: 'notice', message: `skipped ${link.provider.id}: ${reason}` });
  }
  if (able.length === 0) throw refusal(links, refused, ask);
  let answer: ImageAnswer | undefined;
  const drawing = able.map(({ link, api }): ChainLink => {
    const model = ask.model ?? api.defaultModel;
    const trustedOrigin = link.reach === 'local' ? originOf(link.baseURL) : undefined;
    async function* draw(_request: unknown, ctx: CallContext): AsyncGenerator<StreamPart> {
      const result = await api.generate({ ...ask, model }, { ...ctx, trustedOrigin, onStatus: options.onStatus });
      answer = { ...result, provider: link.provider.id };
      yield { type: 'start', provider: link.provider.id, model: result.model };
      yield { type: 'finish', reason: 'stop' };
    }
    // The model is the image API's: the chat models the server lists have nothing to say about
    // it (no list is asked first, no retired default replaced), so only what locates the
    // provider is carried over.
    const provider: Provider = { ...link.provider, stream: draw, listModels: undefined };
    return { provider, model, modelIsDefault: false, baseURL: link.baseURL, apiKey: link.apiKey, keyFrom: link.keyFrom, reach: link.reach, baseURLOrigin: link.baseURLOrigin, baseURLSource: link.baseURLSource };
  });
  // The parts say only that the picture came; the picture itself is `answer`.
  for await (const part of streamChain(drawing, { messages: [{ role: 'user', content: ask.prompt }], stream: false }, options)) void part;
  return answer!;
}

/**
 * The links that can draw the ask, and the others with why. A model named with -m that some
 * provider's image API lists goes only to the providers listing it (another's would refuse it).
 */
function sortLinks(links: readonly ChainLink[], ask: ImageAsk): { able: Array<{ link: ChainLink; api: ImageApi }>; refused: Array<{ link: ChainLink; reason: string }> } {
  const able: Array<{ link: ChainLink; api: ImageApi }> = [];
  const refused: Array<{ link: ChainLink; reason: string }> = [];
  for (const link of links) {
    const reason = whyNotDrawn(link.provider, ask);
    if (reason) refused.push({ link, reason });
    else able.push({ link, api: imageApiOf(link.provider)! });
  }
  const model = ask.model;
  if (!model || !able.some(({ api }) => api.models.includes(model))) return { able, refused };
  for (const entry of able) if (!entry.api.models.includes(model)) refused.push({ link: entry.link, reason: `its image API has no model ${model}` });
  return { able: able.filter(({ api }) => api.models.includes(model)), refused };
}

function refusal(links: readonly ChainLink[], refused: ReadonlyArray<{ link: ChainLink; reason: string }>, ask: ImageAsk): UsageError {
  const names = links.map((l) => l.provider.id);
  const lacking = optionsAsked(ask).find((option) => refused.some(({ link }) => imageApiOf(link.provider) && !imageApiOf(link.provider)!.takes.has(option)));
  if (lacking) {
    const first = refused.find(({ link }) => imageApiOf(link.provider) && !imageApiOf(link.provider)!.takes.has(lacking))!;
    return new ImageOptionRefusedError(first.link.provider.id, lacking, imageProviderIds(lacking));
  }
  const subject = names.length === 0 ? 'the chain' : names.join(', ');
  return new UsageError(`${subject} ${names.length === 1 ? 'has' : 'have'} no image API`, `providers with one: ${imageProviderIds().join(', ')}, and servers of your own speaking OpenAI's images API`);
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
