import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonForTerminal, sanitizeLabel, sanitizeOutsideText } from '../../src/ground/terminal-safe-text.js';

/** Each reported to pass raw, and the other default-ignorable code points of the same kinds. */
const INVISIBLE = [
  0x061c, 0x115f, 0x1160, 0x3164, 0xffa0, 0x2800, 0x00ad, 0x180e, 0x180b, 0x180f, 0x034f, 0x17b4, 0x17b5, 0x2028, 0x2029,
  0x2066, 0x2067, 0x2068, 0x2069, 0x202e, 0x200b, 0x200d, 0xfeff, 0xfe00, 0xfe0f, 0xe0001, 0xe0041, 0xe007f, 0xe0100, 0xe0fff,
  0xfff9, 0x2064,
];

describe('outside text on a terminal: nothing invisible passes raw', () => {
  it.each(INVISIBLE.map((code) => [code.toString(16).toUpperCase().padStart(4, '0'), String.fromCodePoint(code)]))('U+%s is shown as its code point', (hex, ch) => {
    expect(sanitizeLabel(`a${ch}b`)).toBe(`a<U+${hex}>b`);
    expect(sanitizeOutsideText(`a${ch}b`)).toBe(`a<U+${hex}>b`);
  });

  it('every format character (category Cf) is made visible, wherever it stands', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 0x10ffff }), (text, code) => {
        const ch = String.fromCodePoint(code);
        if (!/\p{Cf}/u.test(ch)) return;
        expect([...sanitizeLabel(`${text}${ch}x`)].some((c) => c === ch)).toBe(false);
      }),
      { numRuns: 2000 },
    );
    for (let code = 0; code <= 0xe0fff; code++) {
      const ch = String.fromCodePoint(code);
      if (/\p{Cf}/u.test(ch) && ch !== '\ufe0f' && ch !== '\u200d') expect(sanitizeLabel(`x${ch}`), code.toString(16)).not.toContain(ch);
    }
  });

  it('a command hidden behind tag characters or a bidi isolate is read as written', () => {
    const tags = [...'rm -rf ~'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    expect(sanitizeLabel(`ls${tags}`)).toBe(`ls${[...'rm -rf ~'].map((c) => `<U+E00${c.charCodeAt(0).toString(16).toUpperCase()}>`).join('')}`);
    expect(sanitizeLabel('\u2067exe.txt\u2069')).toBe('<U+2067>exe.txt<U+2069>');
  });

  it('an emoji keeps its joiner and its emoji-style selector; alone they are shown', () => {
    expect(sanitizeLabel('❤️ 👩‍💻 👍🏽‍💻')).toBe('❤️ 👩‍💻 👍🏽‍💻');
    expect(sanitizeLabel('a\ufe0f a\u200db 👩\u200db a\u200d💻')).toBe('a<U+FE0F> a<U+200D>b 👩<U+200D>b a<U+200D>💻');
  });

  it('printable text, accents and scripts are kept as they are', () => {
    expect(sanitizeLabel('café e\u0301 日本語 עברית ㄱ')).toBe('café e\u0301 日本語 עברית ㄱ');
  });

  it('JSON for a terminal escapes the same characters and stays the same JSON', () => {
    const value = { a: '\u2066x\u3164\u{e0041}\u0085' };
    const shown = jsonForTerminal(JSON.stringify(value));
    expect(shown).not.toMatch(/[\u2066\u3164\u0085]|\u{e0041}/u);
    expect(JSON.parse(shown)).toEqual(value);
  });
});
