import { decodeImage } from './decode-image.js';
import { fitPixels, pixelBox, type TerminalWindow } from './fit-to-window.js';
import type { ImageFacts } from './inspect-image.js';
import { loadSixelEncoder } from './load-codecs.js';
import { resizePixels } from './resize-pixels.js';

/** Colour registers used: the most DEC STD 070 allows and what xterm, foot and mlterm offer. */
const COLOURS = 256;

/**
 * Sixel: the picture decoded, shrunk to the window's pixels (at the assumed cell size) and
 * quantised to 256 colours by the `sixel` package's encoder, loaded on first use (its decoder,
 * a WebAssembly module, is never loaded). Transparent pixels stay the terminal's (P2=1).
 */
export async function sixelSequence(bytes: Uint8Array, facts: ImageFacts, window: TerminalWindow): Promise<string> {
  const size = fitPixels(facts, pixelBox(window));
  const pixels = resizePixels(await decodeImage(bytes, facts), size.width, size.height);
  const image2sixel = await loadSixelEncoder();
  return image2sixel(pixels.data, pixels.width, pixels.height, COLOURS, 1);
}
