import { describe, expect, it } from 'vitest';
import { ImageRefusedError, type ImageRefusal } from '../../src/ground/errors.js';
import { inspectImage } from '../../src/images/inspect-image.js';
import { chunkClaiming, frame, gif, ihdr, jpeg, KINDS, png, segment, VP8, VP8L, VP8X, webp } from './header-bytes.js';
import { gifHeader, handMadePng, jpegFile, pngChunk, pngFile, webpHead } from './pictures.js';

/** The reason inspectImage refuses these bytes with (its message one line, no control characters). */
function refusal(bytes: Uint8Array): ImageRefusal {
  try {
    inspectImage(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(ImageRefusedError);
    expect((error as Error).message).not.toMatch(/[\x00-\x1f\x7f]/);
    return (error as ImageRefusedError).reason;
  }
  throw new Error('not refused');
}

/** Whether inspectImage takes these bytes: their size, or the reason it refuses them. */
function verdict(bytes: Uint8Array): { width: number; height: number } | ImageRefusal {
  try {
    const { width, height } = inspectImage(bytes);
    return { width, height };
  } catch {
    return refusal(bytes);
  }
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

describe('PNG: the IHDR fields', () => {
  it('each colour type takes exactly the bit depths the specification gives it', () => {
    const allowed: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
    for (const colour of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
      for (const depth of [0, 1, 2, 3, 4, 5, 8, 12, 16, 32]) {
        const expected = allowed[colour]?.includes(depth) ? { width: 4, height: 3 } : 'malformed';
        expect([colour, depth, verdict(png({ colour, depth }))]).toEqual([colour, depth, expected]);
      }
    }
  });

  it('compression and filter methods other than 0, and interlace methods past 1, are malformed', () => {
    expect(verdict(png({ compression: 1 }))).toBe('malformed');
    expect(verdict(png({ filter: 1 }))).toBe('malformed');
    expect(verdict(png({ interlace: 1 }))).toEqual({ width: 4, height: 3 });
    expect(verdict(png({ interlace: 2 }))).toBe('malformed');
  });

  it('a zero side is malformed; a side past 2^31 - 1 is malformed, one at it only too big', () => {
    expect(verdict(png({ width: 0 }))).toBe('malformed');
    expect(verdict(png({ height: 0 }))).toBe('malformed');
    expect(verdict(png({ width: 0x8000_0000 }))).toBe('malformed');
    expect(verdict(png({ height: 0x8000_0000 }))).toBe('malformed');
    expect(verdict(png({ width: 0xffff_ffff }))).toBe('malformed');
    expect(verdict(png({ width: 0x7fff_ffff }))).toBe('too-many-pixels');
    expect(verdict(png({ height: 0x7fff_ffff }))).toBe('too-many-pixels');
  });

  it('the first chunk must be IHDR with 13 bytes of data', () => {
    const idat = pngChunk('IDAT', new Uint8Array(8));
    const iend = pngChunk('IEND', new Uint8Array(0));
    expect(verdict(png({}, [pngChunk('IHDr', ihdr()), idat, iend]))).toBe('malformed');
    expect(verdict(png({}, [pngChunk('tEXt', ihdr()), pngChunk('IHDR', ihdr()), idat, iend]))).toBe('malformed');
    expect(verdict(png({}, [pngChunk('IHDR', Buffer.concat([ihdr(), new Uint8Array(1)])), idat, iend]))).toBe('malformed');
    expect(verdict(png({}, [pngChunk('IHDR', ihdr().subarray(0, 12)), idat, iend]))).toBe('malformed');
  });
});

describe('PNG: the chunk walk from IHDR to IEND', () => {
  const head = () => pngChunk('IHDR', ihdr());
  const idat = () => pngChunk('IDAT', new Uint8Array(8));
  const iend = () => pngChunk('IEND', new Uint8Array(0));

  it('other chunks before and between IDATs are walked over, and bytes after IEND are left alone', () => {
    const text = pngChunk('tEXt', Buffer.from('Comment\0hello', 'latin1'));
    expect(verdict(png({}, [head(), text, idat(), text, idat(), iend(), new Uint8Array(9)]))).toEqual({ width: 4, height: 3 });
  });

  it('without an IDAT before IEND there is no picture', () => {
    expect(verdict(png({}, [head(), iend()]))).toBe('malformed');
    expect(verdict(png({}, [head(), pngChunk('tEXt', new Uint8Array(4)), iend(), idat()]))).toBe('malformed');
  });

  it('without IEND, or with IEND cut anywhere, the file is cut short', () => {
    expect(verdict(png({}, [head(), idat()]))).toBe('malformed');
    const whole = png();
    for (let cut = 1; cut <= 12; cut++) expect([cut, verdict(whole.subarray(0, whole.length - cut))]).toEqual([cut, 'malformed']);
  });

  it('a chunk whose length runs past the end is malformed, down to one byte past, and up to 2^32 - 1', () => {
    for (const length of [1, 5, 24, 25, 0x7fff_ffff, 0xffff_ffff]) {
      expect([length, verdict(png({}, [head(), idat(), chunkClaiming('IEND', length)]))]).toEqual([length, 'malformed']);
      expect([length, verdict(png({}, [head(), chunkClaiming('IDAT', length), iend()]))]).toEqual([length, 'malformed']);
    }
    // IDAT's length one more than its data, then IEND: IDAT would swallow a byte of IEND.
    expect(verdict(png({}, [head(), chunkClaiming('IDAT', 9, new Uint8Array(8)), iend()]))).toBe('malformed');
    // IEND holding data, ending exactly at the end of the file, is still IEND.
    expect(verdict(png({}, [head(), idat(), pngChunk('IEND', new Uint8Array(3))]))).toEqual({ width: 4, height: 3 });
  });

  it('a chunk type is four ASCII letters: every other byte in any place is malformed', () => {
    for (const type of ['AZaz', 'zaZA', 'aAzZ']) expect([type, verdict(png({}, [head(), pngChunk(type, new Uint8Array(2)), idat(), iend()]))]).toEqual([type, { width: 4, height: 3 }]);
    for (const bad of ['@', '[', '`', '{', '0', ' ', '\x00', '\xff']) {
      for (let place = 0; place < 4; place++) {
        const type = 'tEXt'.slice(0, place) + bad + 'tEXt'.slice(place + 1);
        expect([type, verdict(png({}, [head(), pngChunk(type, new Uint8Array(2)), idat(), iend()]))]).toEqual([type, 'malformed']);
      }
    }
  });
});

describe('each bound, exactly at it and one past it', () => {
  it('bytes: 40 MB is shown, one byte more is too large', () => {
    const small = png();
    const at = new Uint8Array(40 * 1024 * 1024);
    at.set(small);
    expect(verdict(at)).toEqual({ width: 4, height: 3 });
    const past = new Uint8Array(40 * 1024 * 1024 + 1);
    past.set(small);
    expect(verdict(past)).toBe('too-large');
  });

  it('a side: 16384 is shown, 16385 is too many pixels, across and down', () => {
    expect(verdict(png({ width: 16_384, height: 1 }))).toEqual({ width: 16_384, height: 1 });
    expect(verdict(png({ width: 16_385, height: 1 }))).toBe('too-many-pixels');
    expect(verdict(png({ width: 1, height: 16_384 }))).toEqual({ width: 1, height: 16_384 });
    expect(verdict(png({ width: 1, height: 16_385 }))).toBe('too-many-pixels');
  });

  it('pixels: 50 million is shown, one row more is too many', () => {
    expect(verdict(png({ width: 5000, height: 10_000 }))).toEqual({ width: 5000, height: 10_000 });
    expect(verdict(png({ width: 10_000, height: 5000 }))).toEqual({ width: 10_000, height: 5000 });
    expect(verdict(png({ width: 5000, height: 10_001 }))).toBe('too-many-pixels');
    expect(verdict(png({ width: 10_001, height: 5000 }))).toBe('too-many-pixels');
  });
});

describe('JPEG: the marker walk to the first frame header', () => {
  it('every start-of-frame marker gives the size, whatever the coding', () => {
    for (const marker of [0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]) {
      expect([marker, verdict(jpeg(segment(0xe0, [0x4a, 0x46]), segment(marker, frame(50, 30))))]).toEqual([marker, { width: 50, height: 30 }]);
    }
  });

  it('other segments are walked over, even when their data looks like a frame header', () => {
    for (const marker of [0x02, 0xbf, 0xc4, 0xc8, 0xcc, 0xdb, 0xdd, 0xe0, 0xef, 0xfe]) {
      expect([marker, verdict(jpeg(segment(marker, frame(1, 1)), segment(0xc0, frame(50, 30))))]).toEqual([marker, { width: 50, height: 30 }]);
    }
    expect(verdict(jpeg(segment(0xe1, []), segment(0xc0, frame(50, 30))))).toEqual({ width: 50, height: 30 });
  });

  it('fill bytes before a marker, and markers without a segment (TEM, RST0-7), are stepped over', () => {
    expect(verdict(jpeg([0xff, 0xff, 0xff], segment(0xc0, frame(50, 30))))).toEqual({ width: 50, height: 30 });
    for (const marker of [0x01, 0xd0, 0xd3, 0xd7]) expect([marker, verdict(jpeg([0xff, marker], segment(0xc0, frame(50, 30))))]).toEqual([marker, { width: 50, height: 30 }]);
  });

  it('SOI, EOI, SOS or a stuffed zero before the frame header is malformed', () => {
    for (const marker of [0xd8, 0xd9, 0xda, 0x00]) expect([marker, verdict(jpeg(segment(marker, []), segment(0xc0, frame(50, 30))))]).toEqual([marker, 'malformed']);
  });

  it('a byte other than FF where a marker should start is malformed', () => {
    expect(verdict(jpeg(segment(0xe0, [0, 0]), segment(0xc0, frame(50, 30)).slice(1)))).toBe('malformed');
  });

  it('a frame header read to the last byte of the file is taken; one byte short of its length is malformed', () => {
    const whole = jpeg(segment(0xe0, [0, 0]), segment(0xc0, frame(50, 30, 3)));
    expect(verdict(whole)).toEqual({ width: 50, height: 30 });
    for (let cut = 1; cut < 20; cut++) expect([cut, verdict(whole.subarray(0, whole.length - cut))]).toEqual([cut, 'malformed']);
  });

  it('a frame header must hold its components: length 8 + 3 a component, at least one', () => {
    for (const components of [1, 3, 4]) expect(verdict(jpeg(segment(0xc0, frame(50, 30, components))))).toEqual({ width: 50, height: 30 });
    const declaring = (components: number, held: number) => segment(0xc0, [...frame(50, 30, held).slice(0, 5), components, ...frame(50, 30, held).slice(6)]);
    const tail = segment(0xc0, frame(50, 30));
    for (const [components, held] of [[0, 0], [2, 1], [1, 2], [3, 4]]) expect([components, held, verdict(jpeg(declaring(components, held), tail))]).toEqual([components, held, 'malformed']);
    // Lengths that stop before the component count, with a frame's bytes right after them.
    for (const length of [2, 3, 7]) expect([length, verdict(jpeg([0xff, 0xc0, 0, length], frame(50, 30).slice(0, length - 2), segment(0xc0, frame(50, 30))))]).toEqual([length, 'malformed']);
  });

  it('a zero width or height is malformed', () => {
    expect(verdict(jpeg(segment(0xc0, frame(0, 30))))).toBe('malformed');
    expect(verdict(jpeg(segment(0xc0, frame(50, 0))))).toBe('malformed');
  });

  it('a file that ends before any frame header is malformed, wherever it ends', () => {
    for (const tail of [[], [0xff], [0xff, 0xff], [0xff, 0xe0], [0xff, 0xe0, 0], [0xff, 0xe0, 0, 2], [0xff, 0xd0]]) {
      expect([tail, verdict(jpeg(segment(0xe0, [1, 2]), tail))]).toEqual([tail, 'malformed']);
    }
  });
});

describe('GIF: the logical screen descriptor', () => {
  it('both versions are read, little-endian, from a file as short as the header (13 bytes)', () => {
    expect(inspectImage(gif('GIF87a', 0x0102, 0x0304))).toEqual({ mime: 'image/gif', width: 0x0102, height: 0x0304, bytes: 13 });
    expect(verdict(gif('GIF89a', 0x0201, 0x0403))).toEqual({ width: 0x0201, height: 0x0403 });
  });

  it('other versions are of no known format; 12 bytes or a zero side is malformed', () => {
    for (const signature of ['GIF88a', 'GIF89b', 'GIF87A', 'GIF8']) expect([signature, verdict(gif(signature, 10, 10))]).toEqual([signature, 'unknown-format']);
    expect(verdict(gif('GIF89a', 10, 10, 12))).toBe('malformed');
    expect(verdict(gif('GIF89a', 0, 10))).toBe('malformed');
    expect(verdict(gif('GIF89a', 10, 0))).toBe('malformed');
  });
});

describe('WebP: the first chunk', () => {
  it('each kind is read from a file just long enough for its head (VP8 and VP8X 30 bytes, VP8L 25)', () => {
    for (const [chunk, data] of KINDS) expect([chunk, inspectImage(webp(chunk, data))]).toEqual([chunk, { mime: 'image/webp', width: 320, height: 240, bytes: 20 + data.length }]);
  });

  it('a file cut anywhere before the end of the chunk head is malformed', () => {
    for (const [chunk, data] of KINDS) {
      const whole = webp(chunk, data);
      for (let length = 12; length < whole.length; length++) expect([chunk, length, verdict(whole.subarray(0, length))]).toEqual([chunk, length, 'malformed']);
    }
  });

  it('the RIFF size must lie inside the file and hold the chunk head; the chunk size must hold its head', () => {
    for (const [chunk, data] of KINDS) {
      expect([chunk, verdict(webp(chunk, data, { riff: 13 + data.length }))]).toEqual([chunk, 'malformed']);
      expect([chunk, verdict(webp(chunk, data, { riff: 12 + data.length, length: 64 }))]).toEqual([chunk, { width: 320, height: 240 }]);
      expect([chunk, verdict(webp(chunk, data, { riff: 11 + data.length, length: 64 }))]).toEqual([chunk, 'malformed']);
      expect([chunk, verdict(webp(chunk, data, { chunkSize: data.length - 1, length: 64 }))]).toEqual([chunk, 'malformed']);
      expect([chunk, verdict(webp(chunk, data, { riff: 0xffff_ffff }))]).toEqual([chunk, 'malformed']);
    }
  });

  it('RIFF without WEBP, or WEBP without RIFF, is of no known format', () => {
    const good = webp('VP8X', VP8X);
    for (const [at, text] of [[0, 'RIFX'], [0, 'riff'], [8, 'WAVE'], [8, 'WEBp']] as const) {
      const bytes = Uint8Array.from(good);
      bytes.set(Buffer.from(text, 'latin1'), at);
      expect([text, verdict(bytes)]).toEqual([text, 'unknown-format']);
    }
  });

  it('VP8: a wrong start code, or a zero side, is malformed; the two scaling bits of each side are not size', () => {
    for (const at of [3, 4, 5]) expect([at, verdict(webp('VP8 ', VP8.map((byte, i) => (i === at ? byte ^ 0x80 : byte))))]).toEqual([at, 'malformed']);
    expect(verdict(webp('VP8 ', [...VP8.slice(0, 6), 0, 0xc0, 0xf0, 0]))).toBe('malformed');
    expect(verdict(webp('VP8 ', [...VP8.slice(0, 6), 0x40, 0x01, 0, 0xc0]))).toBe('malformed');
    expect(verdict(webp('VP8 ', [...VP8.slice(0, 6), 0x40, 0xc1, 0xf0, 0x80]))).toEqual({ width: 320, height: 240 });
  });

  it('VP8L without its signature byte, and a first chunk of another kind, are malformed', () => {
    expect(verdict(webp('VP8L', [0x2e, ...VP8L.slice(1)]))).toBe('malformed');
    for (const chunk of ['VP8Y', 'ALPH', 'vp8x', 'VP8']) expect([chunk, verdict(webp(chunk.padEnd(4, '\0'), VP8X))]).toEqual([chunk, 'malformed']);
  });
});
