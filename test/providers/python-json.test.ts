import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from '../../src/providers/seed/python-json.js';

// Each expected string is what CPython 3's json.dumps(value) prints for the same value.
describe('pythonJsonDumps', () => {
  const cases: Array<[string, unknown, string]> = [
    ['the Aivvm body', { model: { id: 'gpt-3.5-turbo', name: 'GPT-3.5' }, messages: [{ role: 'user', content: 'hello' }], key: '', prompt: "You are ChatGPT, a large language model trained by OpenAI. Follow the user's instructions carefully. Respond using markdown.", temperature: 0.7 },
      '{"model": {"id": "gpt-3.5-turbo", "name": "GPT-3.5"}, "messages": [{"role": "user", "content": "hello"}], "key": "", "prompt": "You are ChatGPT, a large language model trained by OpenAI. Follow the user\'s instructions carefully. Respond using markdown.", "temperature": 0.7}'],
    ['non-ASCII and an astral character', { content: 'é 世界 🌍' }, '{"content": "\\u00e9 \\u4e16\\u754c \\ud83c\\udf0d"}'],
    ['quotes, backslashes and a slash', ['say "hi"', 'C:\\dir', 'a/b'], '["say \\"hi\\"", "C:\\\\dir", "a/b"]'],
    ['control characters', '\n\r\t\b\f\u0000\u001f\u007f', '"\\n\\r\\t\\b\\f\\u0000\\u001f\\u007f"'],
    ['floats and integers', [0.7, 1, 0.5, 2, 1e-7, 1e21, -3.25, 0], '[0.7, 1, 0.5, 2, 1e-07, 1e+21, -3.25, 0]'],
    ['nested and empty containers', { a: [], b: {}, c: [{ d: null, e: true, f: false }] }, '{"a": [], "b": {}, "c": [{"d": null, "e": true, "f": false}]}'],
  ];
  for (const [what, value, expected] of cases) {
    it(what, () => expect(pythonJsonDumps(value)).toBe(expected));
  }

  it('the Aivvm example is 274 bytes, as the document says', () => {
    expect(Buffer.byteLength(pythonJsonDumps(cases[0][1]))).toBe(274);
  });
});
