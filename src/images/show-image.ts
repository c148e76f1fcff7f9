import type { ImageFacts } from './inspect-image.js';

/** How an image reaches the terminal. */
export type ShowMode = 'kitty' | 'iterm' | 'sixel' | 'blocks' | 'none';

/** Where an image is drawn, and how the terminal is asked which protocol it speaks. */
export interface ShowImageOptions {
  show?: ShowMode;
  out: NodeJS.WritableStream & { columns?: number; rows?: number; isTTY?: boolean };
  input?: NodeJS.ReadStream;
  env?: NodeJS.ProcessEnv;
}

/** Inspects the image (refusing before decoding), picks a protocol, scales it to the window and draws it. */
export async function showImage(bytes: Uint8Array, options: ShowImageOptions): Promise<{ mode: ShowMode; facts: ImageFacts }> {
  throw new Error(`not yet implemented (${bytes.length} bytes, ${options.show ?? 'detect'})`);
}
