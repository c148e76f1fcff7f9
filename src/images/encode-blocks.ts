import { decodeImage, type Pixels } from './decode-image.js';
import { fitPixels, halfBlockBox, type TerminalWindow } from './fit-to-window.js';
import type { ImageFacts } from './inspect-image.js';
import { resizePixels } from './resize-pixels.js';

/** Alpha below which a pixel counts as transparent (the terminal's background shows). */
const OPAQUE = 128;

/** The picture in half blocks, one pixel a column and two a row, shrunk to the window. */
export async function blocksText(bytes: Uint8Array, facts: ImageFacts, window: TerminalWindow): Promise<string> {
  const size = fitPixels(facts, halfBlockBox(window));
  return halfBlocks(resizePixels(await decodeImage(bytes, facts), size.width, size.height));
}

/**
 * Each cell is `▀` with the upper pixel as its 24-bit foreground and the lower as its
 * background; `▄` on the default background when only the lower pixel is opaque, a space when
 * neither is. Colours are written only when they change; each line ends with a reset.
 */
export function halfBlocks(pixels: Pixels): string {
  const lines: string[] = [];
  for (let y = 0; y < pixels.height; y += 2) {
    let line = '';
    let current = '';
    for (let x = 0; x < pixels.width; x++) {
      const upper = colourAt(pixels, x, y);
      const lower = y + 1 < pixels.height ? colourAt(pixels, x, y + 1) : undefined;
      let style: string;
      let glyph: string;
      if (upper && lower) [style, glyph] = [`38;2;${upper};48;2;${lower}`, '▀'];
      else if (upper) [style, glyph] = [`38;2;${upper};49`, '▀'];
      else if (lower) [style, glyph] = [`38;2;${lower};49`, '▄'];
      else [style, glyph] = ['39;49', ' '];
      if (style !== current) line += `\x1b[${style}m`;
      current = style;
      line += glyph;
    }
    lines.push(`${line}\x1b[0m`);
  }
  return lines.join('\r\n');
}

/** "r;g;b" of an opaque pixel, undefined for a transparent one. */
function colourAt(pixels: Pixels, x: number, y: number): string | undefined {
  const at = (y * pixels.width + x) * 4;
  const data = pixels.data;
  return data[at + 3] < OPAQUE ? undefined : `${data[at]};${data[at + 1]};${data[at + 2]}`;
}
