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
