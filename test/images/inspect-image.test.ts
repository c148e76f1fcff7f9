import { describe, expect, it } from 'vitest';
import { ImageRefusedError } from '../../src/ground/errors.js';
import { inspectImage } from '../../src/images/inspect-image.js';
import { gifHeader, handMadePng, jpegFile, pngFile, webpHead } from './pictures.js';

/** The reason inspectImage refuses these bytes with. */
function refusal(bytes: Uint8Array): string {
  try {
    inspectImage(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(ImageRefusedError);
    expect((error as Error).message).not.toMatch(/\n/);
    return (error as ImageRefusedError).reason;
  }
  throw new Error('not refused');
}

describe('inspectImage reads the size from the header of each format', () => {
  it('PNG (IHDR) and JPEG (the start-of-frame segment, after others)', () => {
    const png = pngFile(37, 21);
    expect(inspectImage(png)).toEqual({ mime: 'image/png', width: 37, height: 21, bytes: png.length });
    const jpeg = jpegFile(50, 30);
    expect(inspectImage(jpeg)).toEqual({ mime: 'image/jpeg', width: 50, height: 30, bytes: jpeg.length });
  });

  it('GIF (the logical screen) and the three kinds of WebP', () => {
    expect(inspectImage(gifHeader(300, 200))).toMatchObject({ mime: 'image/gif', width: 300, height: 200 });
    // VP8: frame tag, start code 9d 01 2a, 14-bit width and height.
    expect(inspectImage(webpHead('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00]))).toMatchObject({ mime: 'image/webp', width: 320, height: 240 });
    // VP8L: signature 2f, then width-1 and height-1 in 14 bits each: 99 and 49.
    const bits = 99 | (49 << 14);
    expect(inspectImage(webpHead('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, bits >>> 24]))).toMatchObject({ width: 100, height: 50 });
    // VP8X: flags and reserved, then canvas width-1 and height-1 in 24 bits: 1999 and 999.
    expect(inspectImage(webpHead('VP8X', [0, 0, 0, 0, 0xcf, 0x07, 0x00, 0xe7, 0x03, 0x00]))).toMatchObject({ width: 2000, height: 1000 });
  });
});

describe('inspectImage refuses before decoding, with a typed reason', () => {
  it('random bytes and an empty file are of no known format', () => {
    let seed = 7;
    const random = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    expect(refusal(random)).toBe('unknown-format');
    expect(refusal(new Uint8Array(0))).toBe('unknown-format');
  });

  it('a PNG cut anywhere after its signature is malformed', () => {
    const png = pngFile(16, 16);
    for (const length of [8, 20, 33, 40, png.length - 13, png.length - 1]) expect(refusal(png.subarray(0, length))).toBe('malformed');
  });

  it('a PNG signature followed by escape sequences is malformed, not shown', () => {
    const bytes = Buffer.concat([pngFile(1, 1).subarray(0, 8), Buffer.from('\x1b]0;owned\x07\x1b[2J\x1b_Gi=1;AAAA\x1b\\'.repeat(4), 'latin1')]);
    expect(refusal(bytes)).toBe('malformed');
  });

  it('a PNG whose IHDR claims 100000×100000 is refused for its pixels (the bomb is never inflated)', () => {
    expect(refusal(handMadePng(100_000, 100_000, new Uint8Array(16)))).toBe('too-many-pixels');
    expect(refusal(handMadePng(20_000, 10, new Uint8Array(16)))).toBe('too-many-pixels');
    expect(refusal(handMadePng(8000, 8000, new Uint8Array(16)))).toBe('too-many-pixels');
  });

  it('IHDR fields that do not hold together are malformed', () => {
    expect(refusal(handMadePng(0, 10, new Uint8Array(1)))).toBe('malformed');
    expect(refusal(handMadePng(10, 10, new Uint8Array(1), { depth: 3 }))).toBe('malformed');
    expect(refusal(handMadePng(10, 10, new Uint8Array(1), { colour: 5 }))).toBe('malformed');
    expect(refusal(handMadePng(10, 10, new Uint8Array(1), { interlace: 2 }))).toBe('malformed');
  });

  it('a JPEG whose segment length would not move forward (a marker loop) is malformed', () => {
    for (const length of [[0, 0], [0, 1]]) expect(refusal(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...length, 0xff, 0xe0, ...length]))).toBe('malformed');
  });

  it('a JPEG cut before its frame header, or whose segment runs past the end, is malformed', () => {
    const jpeg = jpegFile(8, 8);
    expect(refusal(jpeg.subarray(0, 30))).toBe('malformed');
    expect(refusal(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 1, 2]))).toBe('malformed');
    // Start of scan before any frame header.
    expect(refusal(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBe('malformed');
  });

  it('a file past 40 MB is too large, whatever it holds', () => {
    expect(refusal(new Uint8Array(40 * 1024 * 1024 + 1))).toBe('too-large');
  });

  it('a WebP whose RIFF size runs past the file, and a GIF with a zero side, are malformed', () => {
    const webp = webpHead('VP8X', [0, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
    expect(refusal(webp.subarray(0, 36))).toBe('malformed');
    expect(refusal(gifHeader(0, 10))).toBe('malformed');
  });
});
