import { describe, expect, it } from 'vitest';
import { CodeFenceStripper } from '../../src/core/parts/code-fence-stripper.js';

function strip(pieces: readonly string[]): string {
  const stripper = new CodeFenceStripper();
  return pieces.map((p) => stripper.push(p)).join('') + stripper.end();
}

const CASES: ReadonlyArray<[string, string, string]> = [
  ['a fenced block', '```python\nprint(1)\n```\n', 'print(1)\n'],
  ['prose around a fence', 'Sure, here it is:\n\n```js\nlet a = 1;\n```\nEnjoy!', 'let a = 1;\n'],
  ['no fence at all', 'SELECT 1;\nSELECT 2;', 'SELECT 1;\nSELECT 2;'],
  ['many plain lines, a fence line later', 'a\nb\nc\nd\ne\n```\nf\n', 'a\nb\nc\nd\ne\nf\n'],
  ['two blocks, prose between', '```sh\nls\n```\nthen\n```sh\npwd\n```', 'ls\n\npwd\n'],
  ['a longer fence holding a shorter one', '````md\n```\ninner\n```\n````\n', '```\ninner\n```\n'],
  ['tilde fences', '~~~\nx = 1\n~~~', 'x = 1\n'],
  ['inline backticks are code', '`x` + `y`\n', '`x` + `y`\n'],
  ['leading blank lines before the fence', '\n\n```\nz\n```', 'z\n'],
];

describe('CodeFenceStripper (ask --code)', () => {
  for (const [name, answer, expected] of CASES) {
    it(`${name}: the same output whatever the chunking`, () => {
      expect(strip([answer])).toBe(expected);
      expect(strip([...answer])).toBe(expected);
      for (let i = 0; i <= answer.length; i++) expect(strip([answer.slice(0, i), answer.slice(i)])).toBe(expected);
    });
  }

  it('lets a code line through before its newline once it cannot be a fence (streaming)', () => {
    const stripper = new CodeFenceStripper();
    expect(stripper.push('```py\nprint(')).toBe('print(');
    expect(stripper.push('1)\n``')).toBe('1)\n');
    expect(stripper.push('`\n')).toBe('');
    expect(stripper.end()).toBe('');
  });
});
