import { fitCells, type TerminalWindow } from './fit-to-window.js';
import type { ImageFacts } from './inspect-image.js';

/**
 * iTerm2's inline image (https://iterm2.com/documentation-images.html): OSC 1337 File= with the
 * file base64-encoded, its byte count, and the cells to fit it in keeping its aspect (a bare
 * number is a count of cells). The file goes as it is: iTerm2 and WezTerm decode PNG, JPEG, GIF.
 */
export function itermSequence(bytes: Uint8Array, facts: ImageFacts, window: TerminalWindow): string {
  const cells = fitCells(facts, window);
  const payload = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return `\x1b]1337;File=inline=1;size=${bytes.length};width=${cells.columns};height=${cells.rows};preserveAspectRatio=1:${payload}\x07`;
}
