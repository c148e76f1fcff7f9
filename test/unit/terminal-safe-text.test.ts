import { describe, expect, it } from 'vitest';
import { jsonForTerminal, sanitizeForTerminal, sanitizeLabel, sanitizeOutsideText } from '../../src/ground/terminal-safe-text.js';

const hex = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

describe('sanitizeForTerminal: no control character acts on the terminal', () => {
  it('keeps line feeds and tabs, and turns CRLF into a line feed', () => {
    expect(sanitizeForTerminal('a\tb\nc\r\nd')).toBe('a\tb\nc\nd');
  });

  it('shows every other C0 control as its symbol, ESC as ␛', () => {
    for (let code = 0; code < 0x20; code++) {
      if (code === 0x09 || code === 0x0a) continue;
      const expected = code === 0x1b ? '␛' : String.fromCharCode(0x2400 + code);
      expect(sanitizeForTerminal(`x${String.fromCharCode(code)}y`), hex(code)).toBe(`x${expected}y`);
    }
  });

  it('shows a lone carriage return, which would overwrite the line', () => {
    expect(sanitizeForTerminal('safe\rrm -rf')).toBe('safe␍rm -rf');
    expect(sanitizeForTerminal('a\r')).toBe('a␍');
  });

  it('shows DEL and every C1 control (a lone 0x9b is a CSI)', () => {
    expect(sanitizeForTerminal('a\u007fb')).toBe('a␡b');
    for (let code = 0x80; code <= 0x9f; code++) expect(sanitizeForTerminal(String.fromCharCode(code)), hex(code)).toBe(`\\x${code.toString(16)}`);
  });

  it('an escape sequence is shown, not run', () => {
    expect(sanitizeForTerminal('\u001b]0;owned\u0007\u001b[2J')).toBe('␛]0;owned␇␛[2J');
  });

  it('printable characters around them stay as they are', () => {
    expect(sanitizeForTerminal(' ~\u00a0é日本😀')).toBe(' ~\u00a0é日本😀');
  });
});

describe('outside text: characters that disguise it are made visible', () => {
  // Bidi overrides and isolates make `txt.exe` read as `exe.txt`.
  const disguising = [0x200b, 0x200c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff];

  it.each(disguising.map((code) => [hex(code), String.fromCharCode(code)]))('U+%s is shown as its code point', (name, ch) => {
    expect(sanitizeOutsideText(`a${ch}b\nc`)).toBe(`a<U+${name}>b\nc`);
    expect(sanitizeLabel(`a${ch}b`)).toBe(`a<U+${name}>b`);
  });

  it('a file name reversed by a bidi isolate reads as written', () => {
    expect(sanitizeLabel('\u2067exe.txt\u2069')).toBe('<U+2067>exe.txt<U+2069>');
    expect(sanitizeLabel('report\u2066\u202Egpj.exe\u2069')).toBe('report<U+2066><U+202E>gpj.exe<U+2069>');
  });

  it('controls are shown too, and a label stays on one line', () => {
    expect(sanitizeLabel('name\r\nnext\nthird\u001b[31m')).toBe('name␊next␊third␛[31m');
    expect(sanitizeOutsideText('line one\nline two\u001b[2J')).toBe('line one\nline two␛[2J');
  });

  // Rule (issue 33, "The sanitiser misses invisible characters"): every format character,
  // every default-ignorable code point and every line/paragraph separator is made visible.
  it('invisible fillers, the soft hyphen, separators and tag characters are shown', () => {
    for (const code of [0x061c, 0x115f, 0x3164, 0x2800, 0x00ad, 0x180e, 0x2028, 0x2029, 0xe0041, 0xe007f]) {
      const ch = String.fromCodePoint(code);
      expect(sanitizeLabel(`a${ch}b`), hex(code)).toBe(`a<U+${hex(code)}>b`);
    }
  });
});

describe('jsonForTerminal', () => {
  it('escapes C1 controls and disguising characters, and stays the same JSON', () => {
    const value = { name: 'a\u009bb\u202ec\u2066d\u0085', plain: 'é日本' };
    const json = JSON.stringify(value);
    const shown = jsonForTerminal(json);
    expect(shown).toBe('{"name":"a\\u009bb\\u202ec\\u2066d\\u0085","plain":"é日本"}');
    expect(JSON.parse(shown)).toEqual(value);
  });
});
