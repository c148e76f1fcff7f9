import { ImageRefusedError } from '../ground/errors.js';

/** What an image's header says, read before anything is decoded. */
export interface ImageFacts {
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  width: number;
  height: number;
  bytes: number;
}

/** The bounds past which an image is refused before it is decoded or sent to the terminal. */
export const IMAGE_LIMITS = { bytes: 40 * 1024 * 1024, pixels: 50_000_000, side: 16_384 } as const;

type Size = { width: number; height: number };

/**
 * Reads only the header (and, for PNG, the chunk lengths up to IEND, so a cut file is caught
 * without inflating anything) and throws ImageRefusedError for a format we do not know, a header
 * that does not hold together, more than 40 MB, or more than 50 megapixels or a side over 16384.
 */
export function inspectImage(bytes: Uint8Array): ImageFacts {
  if (bytes.length > IMAGE_LIMITS.bytes) {
    throw new ImageRefusedError('too-large', `${(bytes.length / 1024 / 1024).toFixed(1)} MB is more than the ${IMAGE_LIMITS.bytes / 1024 / 1024} MB allowed`);
  }
  const [mime, read] = formatOf(bytes);
  const { width, height } = read(bytes);
  if (width > IMAGE_LIMITS.side || height > IMAGE_LIMITS.side || width * height > IMAGE_LIMITS.pixels) {
    throw new ImageRefusedError('too-many-pixels', `the header says ${width}×${height} pixels, more than ${IMAGE_LIMITS.pixels / 1_000_000} megapixels or ${IMAGE_LIMITS.side} a side`);
  }
  return { mime, width, height, bytes: bytes.length };
}

function formatOf(bytes: Uint8Array): [ImageFacts['mime'], (bytes: Uint8Array) => Size] {
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ['image/png', pngSize];
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return ['image/jpeg', jpegSize];
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return ['image/gif', gifSize];
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return ['image/webp', webpSize];
  throw new ImageRefusedError('unknown-format', 'not a PNG, JPEG, GIF or WebP picture');
}

const malformed = (what: string) => new ImageRefusedError('malformed', `malformed ${what} header`);

/** Colour types and the bit depths each allows (PNG specification, 11.2.2 IHDR). */
const PNG_DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

const IDAT = [0x49, 0x44, 0x41, 0x54];
const IEND = [0x49, 0x45, 0x4e, 0x44];
const isLetter = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
const isChunkType = (bytes: Uint8Array, at: number) => isLetter(bytes[at]) && isLetter(bytes[at + 1]) && isLetter(bytes[at + 2]) && isLetter(bytes[at + 3]);

/** IHDR must come first; then every chunk's length must land inside the file, up to IEND. */
function pngSize(bytes: Uint8Array): Size {
  if (bytes.length < 8 + 25 || be32(bytes, 8) !== 13 || ascii(bytes, 12, 4) !== 'IHDR') throw malformed('PNG');
  const width = be32(bytes, 16);
  const height = be32(bytes, 20);
  const [depth, colour, compression, filter, interlace] = bytes.subarray(24, 29);
  const depthOk = PNG_DEPTHS[colour]?.includes(depth) ?? false;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff || !depthOk || compression !== 0 || filter !== 0 || interlace > 1) {
    throw malformed('PNG');
  }
  let at = 8;
  let sawData = false;
  // Each step moves past at least 12 bytes (length, type, CRC), so the walk ends.
  for (;;) {
    if (at + 12 > bytes.length) throw new ImageRefusedError('malformed', 'the PNG is cut short (no IEND chunk)');
    const length = be32(bytes, at);
    if (!isChunkType(bytes, at + 4) || length > bytes.length - at - 12) throw new ImageRefusedError('malformed', 'the PNG is cut short or its chunks do not add up');
    if (startsWith(bytes, at + 4, IDAT)) sawData = true;
    if (startsWith(bytes, at + 4, IEND)) break;
    at += 12 + length;
  }
  if (!sawData) throw new ImageRefusedError('malformed', 'the PNG holds no image data');
  return { width, height };
}

/** Start-of-frame markers: C0–CF except C4 (Huffman tables), C8 (reserved) and CC (arithmetic tables). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Walks the marker segments from SOI to the first start of frame; every step moves forward. */
function jpegSize(bytes: Uint8Array): Size {
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) throw malformed('JPEG');
    while (at < bytes.length && bytes[at] === 0xff) at++; // fill bytes before a marker
    if (at >= bytes.length) break;
    const marker = bytes[at++];
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // markers without a segment
    if (marker === 0xd8 || marker === 0xd9 || marker === 0xda || marker === 0x00) throw malformed('JPEG');
    if (at + 2 > bytes.length) break;
    const length = be16(bytes, at);
    // A length below 2 would not move past its own field: a loop in a hostile file.
    if (length < 2 || at + length > bytes.length) throw malformed('JPEG');
    if (isStartOfFrame(marker)) {
      // Precision, height, width, a component count of at least one, three bytes a component (B.2.2);
      // a shorter length reads the count from past its segment, which cannot match it.
      const components = bytes[at + 7];
      if (components === 0 || length !== 8 + 3 * components) throw malformed('JPEG');
      const height = be16(bytes, at + 3);
      const width = be16(bytes, at + 5);
      if (width === 0 || height === 0) throw malformed('JPEG');
      return { width, height };
    }
    at += length;
  }
  throw new ImageRefusedError('malformed', 'the JPEG is cut short before its frame header');
}

/** The logical screen descriptor right after the signature. */
function gifSize(bytes: Uint8Array): Size {
  if (bytes.length < 13) throw malformed('GIF');
  const width = bytes[6] | (bytes[7] << 8);
  const height = bytes[8] | (bytes[9] << 8);
  if (width === 0 || height === 0) throw malformed('GIF');
  return { width, height };
}

/** The bytes at the start of each first chunk that its size is read from: VP8 frame tag, start code and sides; VP8L signature and packed sides; VP8X flags and canvas. */
const WEBP_HEADS: ReadonlyMap<string, number> = new Map([['VP8 ', 10], ['VP8L', 5], ['VP8X', 10]]);

/**
 * The first chunk after RIFF/WEBP: VP8 (lossy), VP8L (lossless) or VP8X (extended, with the canvas size).
 * The RIFF size lies inside the file and holds WEBP, the chunk's type and size and its head; the chunk's size holds its head.
 */
function webpSize(bytes: Uint8Array): Size {
  const chunk = ascii(bytes, 12, 4);
  const head = WEBP_HEADS.get(chunk);
  const riff = le32(bytes, 4);
  if (head === undefined || riff + 8 > bytes.length || riff < 12 + head || le32(bytes, 16) < head) throw malformed('WebP');
  let size: Size;
  if (chunk === 'VP8 ') {
    if (!startsWith(bytes, 23, [0x9d, 0x01, 0x2a])) throw malformed('WebP');
    size = { width: le16(bytes, 26) & 0x3fff, height: le16(bytes, 28) & 0x3fff };
  } else if (chunk === 'VP8L') {
    if (bytes[20] !== 0x2f) throw malformed('WebP');
    const bits = le32(bytes, 21);
    size = { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  } else {
    // VP8X: flags and three reserved bytes, then the canvas width and height less one.
    size = { width: le24(bytes, 24) + 1, height: le24(bytes, 27) + 1 };
  }
  if (size.width === 0 || size.height === 0) throw malformed('WebP');
  return size;
}

function startsWith(bytes: Uint8Array, at: number, expected: readonly number[]): boolean {
  return bytes.length >= at + expected.length && expected.every((value, i) => bytes[at + i] === value);
}
const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));
const be16 = (bytes: Uint8Array, at: number) => (bytes[at] << 8) | bytes[at + 1];
const be32 = (bytes: Uint8Array, at: number) => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
const le16 = (bytes: Uint8Array, at: number) => bytes[at] | (bytes[at + 1] << 8);
const le24 = (bytes: Uint8Array, at: number) => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
const le32 = (bytes: Uint8Array, at: number) => (le24(bytes, at) | (bytes[at + 3] << 24)) >>> 0;
