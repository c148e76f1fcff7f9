/** Image headers built byte by byte, each field as given, for the tests of header inspection. */
import { Buffer } from 'node:buffer';
import { pngChunk } from './pictures.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A chunk whose length field says `length`, whatever data follows. */
export function chunkClaiming(type: string, length: number, data = new Uint8Array(0)): Uint8Array {
  const out = pngChunk(type, data);
  new DataView(out.buffer, out.byteOffset).setUint32(0, length);
  return out;
}

export interface PngHead {
  width?: number;
  height?: number;
  depth?: number;
  colour?: number;
  compression?: number;
  filter?: number;
  interlace?: number;
}

/** IHDR data: width, height, then depth, colour type, compression, filter, interlace. */
export function ihdr({ width = 4, height = 3, depth = 8, colour = 6, compression = 0, filter = 0, interlace = 0 }: PngHead = {}): Uint8Array {
  const data = new Uint8Array(13);
  new DataView(data.buffer).setUint32(0, width);
  new DataView(data.buffer).setUint32(4, height);
  data.set([depth, colour, compression, filter, interlace], 8);
  return data;
}

/** Signature, then the chunks as given (by default IHDR from `head`, a small IDAT and IEND). */
export function png(head: PngHead = {}, chunks: Uint8Array[] = [pngChunk('IHDR', ihdr(head)), pngChunk('IDAT', new Uint8Array(8)), pngChunk('IEND', new Uint8Array(0))]): Uint8Array {
  return Buffer.concat([Uint8Array.from(PNG_SIGNATURE), ...chunks]);
}

/** A marker segment: FF, the marker, a length counting itself, the data. */
export const segment = (marker: number, data: readonly number[]) => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
/** Frame header data: precision, height, width, then `components` of three bytes each (id, sampling, table). */
export const frame = (width: number, height: number, components = 1) => [8, height >> 8, height & 0xff, width >> 8, width & 0xff, components, ...Array.from({ length: components }, (_, i) => [i + 1, 0x11, 0]).flat()];
/** SOI, then these bytes. */
export const jpeg = (...parts: ReadonlyArray<readonly number[]>) => Uint8Array.from([0xff, 0xd8, ...parts.flat()]);

/** A GIF signature, a logical screen descriptor of width×height, padded or cut to `length` bytes. */
export function gif(signature: string, width: number, height: number, length = 13): Uint8Array {
  const out = new Uint8Array(Math.max(length, 13));
  out.set(Buffer.from(signature, 'latin1'));
  out.set([width & 0xff, width >> 8, height & 0xff, height >> 8], 6);
  return out.subarray(0, length);
}

export interface WebpShape {
  /** The RIFF size field; by default the file's length less 8. */
  riff?: number;
  /** The first chunk's size field; by default the length of `data`. */
  chunkSize?: number;
  /** The file's length, zero-padded; by default 20 + the length of `data`. */
  length?: number;
}

/** RIFF, its size, WEBP, one chunk (type, size, data). */
export function webp(chunk: string, data: readonly number[], { chunkSize = data.length, length = 20 + data.length, riff = length - 8 }: WebpShape = {}): Uint8Array {
  const out = new Uint8Array(Math.max(length, 20 + data.length));
  const view = new DataView(out.buffer);
  out.set(Buffer.from(`RIFF\0\0\0\0WEBP${chunk}`, 'latin1'));
  view.setUint32(4, riff, true);
  view.setUint32(16, chunkSize, true);
  out.set(data, 20);
  return out.subarray(0, length);
}

/** The first bytes of each kind's chunk, with a size of 320×240. */
export const VP8 = [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00];
export const VP8L = [0x2f, 0x3f, 0xc1, 0x3b, 0x00]; // 319 | 239 << 14
export const VP8X = [0x10, 0, 0, 0, 0x3f, 0x01, 0x00, 0xef, 0x00, 0x00];
export const KINDS: ReadonlyArray<[string, readonly number[]]> = [['VP8 ', VP8], ['VP8L', VP8L], ['VP8X', VP8X]];
