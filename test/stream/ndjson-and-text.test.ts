import { describe, expect, it } from 'vitest';
import { NdjsonDecoder } from '../../src/stream/ndjson-decoder.js';
import { TextStreamDecoder } from '../../src/stream/text-decoder.js';
import { bytewise, decodeAll, everySplit, utf8 } from '../helpers/chunking.js';

describe('NdjsonDecoder', () => {
  const input = utf8('{"a":"ü"}\r\n\n{"b":[1,2]}\n{"c":"末"}');

  it('parses one object per line at every split offset, including a last line without LF', () => {
    const whole = decodeAll(new NdjsonDecoder(), [input]);
    expect(whole).toEqual([{ a: 'ü' }, { b: [1, 2] }, { c: '末' }]);
    for (const chunks of everySplit(input)) expect(decodeAll(new NdjsonDecoder(), chunks)).toEqual(whole);
  });

  it('reports a line that is not JSON as a protocol error', () => {
    expect(() => decodeAll(new NdjsonDecoder(), [utf8('{"ok":1}\nnot json\n')])).toThrow(/expected JSON/);
  });
});

describe('TextStreamDecoder', () => {
  it('keeps every byte of text, holding split characters', () => {
    const input = utf8('\uFEFFbom stays, 日本語 and 🎉\r\n');
    for (const chunks of [...everySplit(input), bytewise(input)]) {
      const decoder = new TextStreamDecoder();
      const text = chunks.map((c) => decoder.push(c)).join('') + decoder.end();
      expect(text).toBe('\uFEFFbom stays, 日本語 and 🎉\r\n');
    }
  });
});
