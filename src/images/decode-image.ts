import { inflateSync } from 'node:zlib';
import { ImageRefusedError } from '../ground/errors.js';
import { loadJpeg, loadPng } from './load-codecs.js';
import { IMAGE_LIMITS, type ImageFacts } from './inspect-image.js';

/** Decoded pixels: 4 bytes (red, green, blue, alpha) a pixel, row after row. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Decodes a PNG (pngjs) or a JPEG (jpeg-js), loaded only when an image is drawn. The header has
 * been checked by inspectImage; whatever the decoder throws becomes ImageRefusedError('malformed').
 * GIF and WebP have no decoder here: they are shown only through iTerm2's inline images, which
 * take the file as it is (kitty's protocol takes PNG or raw pixels, sixel and blocks need pixels).
 */
export async function decodeImage(bytes: Uint8Array, facts: ImageFacts): Promise<Pixels> {
  if (facts.mime !== 'image/png' && facts.mime !== 'image/jpeg') {
    const name = facts.mime === 'image/gif' ? 'GIF' : 'WebP';
    throw new ImageRefusedError('unknown-format', `${name} pictures are shown only through iTerm2's inline images (--show iterm); here they are saved, not drawn`);
  }
  let pixels: Pixels;
  try {
    pixels = facts.mime === 'image/png' ? await decodePng(bytes) : await decodeJpeg(bytes);
  } catch (error) {
    if (error instanceof ImageRefusedError) throw error;
    throw new ImageRefusedError('malformed', `the ${facts.mime === 'image/png' ? 'PNG' : 'JPEG'} could not be decoded`, error);
  }
  if (pixels.width !== facts.width || pixels.height !== facts.height || pixels.data.length < pixels.width * pixels.height * 4) {
    throw new ImageRefusedError('malformed', 'the decoded picture does not match its header');
  }
  return pixels;
}

async function decodePng(bytes: Uint8Array): Promise<Pixels> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Inflated once here first, bounded by what the header's size can hold: pngjs does not bound
  // an interlaced image's data, and its synchronous inflate does not report a stream that is not
  // deflate at all (it goes on with whatever memory it had, differently on each Node version).
  inflateBounded(buffer);
  const PNG = await loadPng();
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: png.data };
}

async function decodeJpeg(bytes: Uint8Array): Promise<Pixels> {
  const decode = await loadJpeg();
  const image = decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: IMAGE_LIMITS.pixels / 1_000_000 });
  return { width: image.width, height: image.height, data: image.data };
}

/** Channels of each PNG colour type. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Inflates a PNG's data with a cap a little above what its rows (or an interlaced image's 7 passes) can hold. */
function inflateBounded(png: Buffer): void {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const bitsPerPixel = png[24] * (CHANNELS[png[25]] ?? 4);
  // Every pass row has a filter byte and at most one byte of padding; the passes hold fewer than 2·height + 7 rows.
  const cap = Math.ceil((width * height * bitsPerPixel) / 8) + 2 * (2 * height + 7) + 1024;
  const parts: Buffer[] = [];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  try {
    inflateSync(Buffer.concat(parts), { maxOutputLength: cap });
  } catch (error) {
    throw new ImageRefusedError('malformed', 'the PNG data does not unpack within what its header says', error);
  }
}
