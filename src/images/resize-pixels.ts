import type { Pixels } from './decode-image.js';

/**
 * Shrinks pixels to width×height by averaging each box of source pixels (colour weighted by
 * alpha, so transparent pixels do not darken the edges). Never enlarges: a box is at least one
 * source pixel. Time is proportional to the source size.
 */
export function resizePixels(source: Pixels, width: number, height: number): Pixels {
  if (width === source.width && height === source.height) return source;
  const from = source.data;
  const data = new Uint8Array(width * height * 4);
  const xStart = new Int32Array(width + 1);
  for (let x = 0; x <= width; x++) xStart[x] = Math.floor((x * source.width) / width);
  for (let y = 0; y < height; y++) {
    const top = Math.floor((y * source.height) / height);
    const bottom = Math.max(top + 1, Math.floor(((y + 1) * source.height) / height));
    for (let x = 0; x < width; x++) {
      const left = xStart[x];
      const right = Math.max(left + 1, xStart[x + 1]);
      let red = 0, green = 0, blue = 0, alpha = 0;
      for (let sy = top; sy < bottom; sy++) {
        for (let i = (sy * source.width + left) * 4, end = (sy * source.width + right) * 4; i < end; i += 4) {
          const a = from[i + 3];
          red += from[i] * a;
          green += from[i + 1] * a;
          blue += from[i + 2] * a;
          alpha += a;
        }
      }
      const at = (y * width + x) * 4;
      const count = (bottom - top) * (right - left);
      if (alpha > 0) {
        data[at] = Math.round(red / alpha);
        data[at + 1] = Math.round(green / alpha);
        data[at + 2] = Math.round(blue / alpha);
      }
      data[at + 3] = Math.round(alpha / count);
    }
  }
  return { width, height, data };
}
