import fc from 'fast-check';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { MarkdownRenderer } from '../../src/repl/render/markdown-renderer.js';
import { sanitizeForTerminal } from '../../src/ground/terminal-safe-text.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const SGR = /\u001b\[[0-9;]*m/g;
/** The renderer's own sequences: SGR styling, and the erase of the line it restyles. */
const RENDERER_OWN = /\u001b\[[0-9;]*m|\r\u001b\[(?:\d+A\u001b\[)?J/g;

const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.array(
    fc.constantFrom('\u001b[2J', '\u001b]0;title\u0007', '\u001bP1$r\u001b\\', '\u009b31m', '\u0007', '\b', '\r', '\u001b[10;10H', '\u0085', 'text', '**b**', '# h\n', '\n', '`c`'),
  ).map((parts) => parts.join('')),
);

describe('terminal safety', () => {
  it('sanitised text holds no control character but newline and tab', () => {
    fc.assert(
      fc.property(hostile, (input) => {
        expect(CONTROL.test(sanitizeForTerminal(input))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('the markdown renderer emits only its own styling, whatever the chunking', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 1, max: 16 }), (input, chunk) => {
        const renderer = new MarkdownRenderer(new Chalk({ level: 1 }), () => 80);
        let out = '';
        for (let i = 0; i < input.length; i += chunk) out += renderer.push(input.slice(i, i + chunk));
        out += renderer.end();
        expect(CONTROL.test(out.replace(RENDERER_OWN, ''))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps printable text as it is', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !CONTROL.test(s)), (input) => {
        expect(sanitizeForTerminal(input)).toBe(input);
      }),
    );
    expect(sanitizeForTerminal('a\r\nb\rc').replace(SGR, '')).toBe('a\nb␍c');
  });
});
