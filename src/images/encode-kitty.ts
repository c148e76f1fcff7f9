import { decodeImage } from './decode-image.js';
import { encodePng } from './encode-png.js';
import { fitCells, fitPixels, pixelBox, type TerminalWindow } from './fit-to-window.js';
import type { ImageFacts } from './inspect-image.js';
import { resizePixels } from './resize-pixels.js';

/** Base64 characters a chunk carries; the protocol's limit, and a multiple of 4 as it requires. */
const CHUNK = 4096;

/**
 * kitty's graphics protocol (https://sw.kovidgoyal.net/kitty/graphics-protocol/): transmit and
 * place (a=T) a PNG (f=100) sent inline, over c×r cells so the terminal scales it, answering
 * nothing (q=2, so no reply lands in our input). A PNG goes as it is; a JPEG is decoded, shrunk
 * to the pixels it will cover and sent as a PNG.
 */
export async function kittySequence(bytes: Uint8Array, facts: ImageFacts, window: TerminalWindow): Promise<string> {
  const cells = fitCells(facts, window);
  let png = bytes;
  if (facts.mime !== 'image/png') {
    const size = fitPixels(facts, pixelBox(window));
    png = await encodePng(resizePixels(await decodeImage(bytes, facts), size.width, size.height));
  }
  return kittyChunks(Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64'), `a=T,f=100,q=2,c=${cells.columns},r=${cells.rows}`);
}

/** The payload in escape codes of at most 4096 characters: the keys on the first, m=1 on all but the last. */
export function kittyChunks(payload: string, keys: string): string {
  const parts: string[] = [];
  for (let at = 0; at < payload.length || at === 0; at += CHUNK) {
    const more = at + CHUNK < payload.length ? 1 : 0;
    const control = at === 0 ? `${keys},m=${more}` : `q=2,m=${more}`;
    parts.push(`\x1b_G${control};${payload.slice(at, at + CHUNK)}\x1b\\`);
  }
  return parts.join('');
}
