import { loadPng } from './load-codecs.js';
import type { Pixels } from './decode-image.js';

/** Pixels as a PNG file (pngjs, loaded on first use). */
export async function encodePng(pixels: Pixels): Promise<Uint8Array> {
  const PNG = await loadPng();
  const png = new PNG({ width: pixels.width, height: pixels.height });
  png.data = Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength);
  return PNG.sync.write(png);
}
