import { describe, expect, it } from 'vitest';
import { LineDecoder } from '../../src/stream/line-decoder.js';
import { bytewise, decodeAll, everySplit, utf8 } from '../helpers/chunking.js';

const decode = (chunks: Iterable<Uint8Array>) => decodeAll(new LineDecoder(), chunks);

describe('LineDecoder', () => {
  it('splits on LF, CRLF and CR, mixed', () => {
    expect(decode([utf8('a\nb\r\nc\rd')])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps empty lines, including CR CR and LF LF', () => {
    expect(decode([utf8('a\n\nb\r\rc\r\n\r\nd\n')])).toEqual(['a', '', 'b', '', 'c', '', 'd']);
  });

  it('gives the same lines at every split offset, with CRLF and multi-byte text', () => {
    const input = utf8('héllo wörld\r\n日本語\rčau 👋\n\r\nlast');
    const whole = decode([input]);
    expect(whole).toEqual(['héllo wörld', '日本語', 'čau 👋', '', 'last']);
    for (const chunks of everySplit(input)) expect(decode(chunks)).toEqual(whole);
    expect(decode(bytewise(input))).toEqual(whole);
  });

  it('treats a CRLF split across chunks as one line ending', () => {
    expect(decode([utf8('a\r'), utf8('\nb')])).toEqual(['a', 'b']);
    expect(decode([utf8('a\r'), utf8(''), utf8('\nb')])).toEqual(['a', 'b']);
  });

  it('treats a CR at a chunk end followed by text as a line ending', () => {
    expect(decode([utf8('a\r'), utf8('b')])).toEqual(['a', 'b']);
  });

  it('strips one leading BOM only', () => {
    expect(decode([utf8('\uFEFF\uFEFFa\nb')])).toEqual(['\uFEFFa', 'b']);
  });

  it('holds a character split across chunks', () => {
    const bytes = utf8('€\n');
    expect(decode([bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)])).toEqual(['€']);
  });

  it('does not split on Unicode line separators', () => {
    expect(decode([utf8('a\u2028b\u0085c\n')])).toEqual(['a\u2028b\u0085c']);
  });

  it('parses a single 4 MiB line delivered in 4 KiB chunks', () => {
    const size = 4 * 1024 * 1024;
    const big = utf8(`${'x'.repeat(size)}\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < big.length; i += 4096) chunks.push(big.subarray(i, i + 4096));
    const lines = decode(chunks);
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBe(size);
  });
});

describe('LineDecoder: whole chunks decoded apart from the streaming decoder', () => {
  /** What one TextDecoder over all the bytes gives, split the same way: the reference. */
  const reference = (bytes: Uint8Array, keepBOM: boolean) => {
    const lines = new TextDecoder('utf-8', { ignoreBOM: keepBOM }).decode(bytes).split(/\r\n|\r|\n/);
    if (lines.at(-1) === '') lines.pop();
    return lines;
  };
  const PIECES: number[][] = [
    [0x61, 0x62], [0x0a], [0x0d], [0x0d, 0x0a], [0xef, 0xbb, 0xbf], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80],
    [0xff], [0xc0, 0x80], [0x80], [0xe2, 0x82], [0xf0, 0x9f], [0xed, 0xa0, 0x80], [0x00], [0x20],
  ];
  /** A small seeded generator: the same cases on every run. */
  const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

  for (const keepBOM of [false, true]) {
    it(`gives what one TextDecoder gives for any bytes cut anywhere (BOM ${keepBOM ? 'kept' : 'stripped'})`, () => {
      const next = random(keepBOM ? 7 : 11);
      for (let round = 0; round < 400; round++) {
        const bytes = Uint8Array.from(Array.from({ length: 1 + Math.floor(next() * 12) }, () => PIECES[Math.floor(next() * PIECES.length)]!).flat());
        const chunks: Uint8Array[] = [];
        for (let at = 0; at < bytes.length; ) {
          const size = Math.floor(next() * 6);
          chunks.push(bytes.subarray(at, at + size));
          at += size;
        }
        expect(decodeAll(new LineDecoder({ keepBOM }), chunks), Array.from(bytes).join(' ')).toEqual(reference(bytes, keepBOM));
      }
    });
  }

  it('strips a BOM only at the very start, whichever way each chunk is decoded', () => {
    const bom = [0xef, 0xbb, 0xbf];
    // A whole first chunk, then a BOM cut across chunks: the later one is a character.
    expect(decode([Uint8Array.from([...bom, 0x61]), Uint8Array.from([0x0a, ...bom.slice(0, 2)]), Uint8Array.from([0xbf, 0x62])])).toEqual(['a', '\uFEFFb']);
    // A BOM alone, read by the streaming decoder (cut), then a whole chunk starting with another.
    expect(decode([Uint8Array.from(bom.slice(0, 1)), Uint8Array.from(bom.slice(1)), Uint8Array.from([...bom, 0x61])])).toEqual(['\uFEFFa']);
  });

  it('a character cut before a whole chunk becomes U+FFFD, as the streaming decoder says', () => {
    expect(decode([Uint8Array.from([0x61, 0xe2, 0x82]), utf8('b\n')])).toEqual(['a\uFFFDb']);
    expect(decode([Uint8Array.from([0x61, 0xf0]), utf8('é')])).toEqual(['a\uFFFDé']);
  });
});
