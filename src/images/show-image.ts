import { detectImageProtocol } from './detect-protocol.js';
import { blocksText } from './encode-blocks.js';
import { itermSequence } from './encode-iterm.js';
import { kittySequence } from './encode-kitty.js';
import { sixelSequence } from './encode-sixel.js';
import { windowOf, type TerminalWindow } from './fit-to-window.js';
import { inspectImage, type ImageFacts } from './inspect-image.js';

/** How an image reaches the terminal. */
export type ShowMode = 'kitty' | 'iterm' | 'sixel' | 'blocks' | 'none';

/** Where an image is drawn, and how the terminal is asked which protocol it speaks. */
export interface ShowImageOptions {
  /** The protocol to use; detected from the environment and the terminal when not given. */
  show?: ShowMode;
  /** The terminal; its columns and rows bound the picture (80×24 when it does not say). */
  out: NodeJS.WritableStream & { columns?: number; rows?: number; isTTY?: boolean };
  /** The terminal's input, for the detection query; no query without it. */
  input?: NodeJS.ReadStream;
  env?: NodeJS.ProcessEnv;
}

type Encoder = (bytes: Uint8Array, facts: ImageFacts, window: TerminalWindow) => string | Promise<string>;
const ENCODERS: Readonly<Record<Exclude<ShowMode, 'none'>, Encoder>> = {
  kitty: kittySequence,
  iterm: itermSequence,
  sixel: sixelSequence,
  blocks: blocksText,
};

/**
 * Shows an image on the terminal: inspects its header (ImageRefusedError before anything is
 * decoded or written), picks the protocol, scales it to the window (at most its width, and its
 * height less two rows, keeping the aspect, never past the image's own size), writes it in one
 * piece and ends on a fresh line. Only our own output reaches the terminal: the file's bytes
 * travel base64-encoded (kitty, iTerm2) or become our sixel or half-block output.
 */
export async function showImage(bytes: Uint8Array, options: ShowImageOptions): Promise<{ mode: ShowMode; facts: ImageFacts }> {
  const facts = inspectImage(bytes);
  const mode = options.show ?? (await detectImageProtocol({ env: options.env ?? process.env, input: options.input, out: options.out }));
  if (mode === 'none') return { mode, facts };
  const text = await ENCODERS[mode](bytes, facts, windowOf(options.out));
  await new Promise<void>((resolve, reject) => options.out.write(`${text}\r\n`, (error) => (error ? reject(error) : resolve())));
  return { mode, facts };
}
