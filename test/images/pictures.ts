import { Writable } from 'node:stream';
import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** RGBA pixels of a width×height picture whose colour at (x, y) is `colour(x, y)`. */
export function pixels(width: number, height: number, colour: (x: number, y: number) => [number, number, number, number?]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b, a = 255] = colour(x, y);
      data.set([r, g, b, a], (y * width + x) * 4);
    }
  }
  return data;
}

/** A smooth gradient: red across, green down. */
export const gradient = (width: number, height: number) => pixels(width, height, (x, y) => [Math.round((x * 255) / Math.max(1, width - 1)), Math.round((y * 255) / Math.max(1, height - 1)), 128]);

/** A PNG file of the given pixels (pngjs). */
export function pngFile(width: number, height: number, data = gradient(width, height)): Uint8Array {
  const png = new PNG({ width, height });
  png.data = Buffer.from(data);
  return new Uint8Array(PNG.sync.write(png));
}

/** A JPEG file of the given pixels (jpeg-js). */
export function jpegFile(width: number, height: number, data = gradient(width, height)): Uint8Array {
  return new Uint8Array(jpeg.encode({ width, height, data: Buffer.from(data) }, 90).data);
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG computes it. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC of type and data. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A PNG made by hand: IHDR with these fields, then IDAT holding `raw` deflated (or `idat` as it is), then IEND. */
export function handMadePng(width: number, height: number, raw: Uint8Array, { depth = 8, colour = 6, interlace = 0, idat = deflateSync(raw) } = {}): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([depth, colour, 0, 0, interlace], 8);
  const signature = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))]);
}

/** A GIF87a header for a width×height screen (enough for the header check; not a whole picture). */
export function gifHeader(width: number, height: number): Uint8Array {
  const out = new Uint8Array(20);
  out.set(Buffer.from('GIF89a', 'latin1'));
  out.set([width & 0xff, width >> 8, height & 0xff, height >> 8], 6);
  return out;
}

/** A RIFF/WEBP file head with one chunk of the given kind, its first bytes as given. */
export function webpHead(chunk: 'VP8 ' | 'VP8L' | 'VP8X', first: readonly number[]): Uint8Array {
  const out = new Uint8Array(40);
  out.set(Buffer.from('RIFF', 'latin1'));
  new DataView(out.buffer).setUint32(4, 32, true);
  out.set(Buffer.from(`WEBP${chunk}`, 'latin1'), 8);
  new DataView(out.buffer).setUint32(16, 20, true);
  out.set(first, 20);
  return out;
}

/** An output stream that keeps what is written, with a window size and a TTY flag. */
export class Capture extends Writable {
  text = '';
  columns: number;
  rows: number;
  isTTY = true;
  constructor(columns = 80, rows = 24) {
    super({ decodeStrings: false });
    this.columns = columns;
    this.rows = rows;
  }
  override _write(chunk: Buffer | string, _encoding: string, done: () => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    done();
  }
}

/** Pseudo-random colours (the same each time): a picture that does not compress. */
export function noise(width: number, height: number): Uint8Array {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >>> 16;
  return pixels(width, height, () => [next() & 0xff, next() & 0xff, next() & 0xff]);
}
