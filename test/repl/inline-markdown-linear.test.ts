import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { styleInline } from '../../src/repl/render/inline-markdown.js';

const c = new Chalk({ level: 1 });

describe('inline markdown on hostile lines', () => {
  // Each of these took seconds to forever (quadratic closing-marker searches) before; the
  // test's own time limit is only a hang guard, the point is that they finish.
  const hostile: Array<[string, string]> = [
    ['120 KB of unclosed *a ', '*a '.repeat(40_000)],
    ['unclosed ** and __', '**x __y '.repeat(20_000)],
    ['backticks with no partner', 'a` '.repeat(40_000)],
    ['brackets that never become links', '[a](b '.repeat(20_000)],
    ['400 KB of *a ', '*a '.repeat(135_000)],
    ['backtick runs of every length, half unclosed', Array.from({ length: 400 }, (_, n) => '`'.repeat(n + 1) + ' a ').join('').repeat(2) + '` b'.repeat(20_000)],
  ];
  for (const [name, line] of hostile) {
    it(`${name} finishes, the text kept`, () => {
      const out = styleInline(line, c);
      expect(out.replace(/\u001b\[\d+m/g, '').length).toBeLessThanOrEqual(line.length);
      expect(out.length).toBeGreaterThanOrEqual(line.length - line.length / 2);
    }, 10_000);
  }

  it('still styles what it should', () => {
    expect(styleInline('a **b** *c* `d` ~~e~~ [f](http://g)', c)).toBe(`a ${c.bold('b')} ${c.italic('c')} ${c.cyan('d')} ${c.strikethrough('e')} ${c.underline('f')} ${c.dim('(http://g)')}`);
    expect(styleInline('**bold with *italic* inside**', c)).toBe(c.bold(`bold with ${c.italic('italic')} inside`));
  });
});

describe('CommonMark inline rules', () => {
  const cases: Array<[string, string, string]> = [
    ['escaped stars are stars, not bold', '\\*\\*not bold\\*\\*', '**not bold**'],
    ['an escaped star in arithmetic', '5 \\* 3', '5 * 3'],
    ['triple emphasis is bold italic', '***x***', c.bold.italic('x')],
    ['emphasis nested in emphasis', '*italic with **bold** inside*', c.italic(`italic with ${c.bold('bold')} inside`)],
    ['an autolink keeps no brackets', 'see <https://example.com/a?b=1>', `see ${c.underline('https://example.com/a?b=1')}`],
    ['a double-backtick span holds single backticks', 'run `` `ls` `` now', `run ${c.cyan('`ls`')} now`],
    ['a span closes only at a run of the same length', '``a`b`` and `c`', `${c.cyan('a`b')} and ${c.cyan('c')}`],
    ['an unmatched run is literal, all of it', '``x` here', '``x` here'],
    ['a span of spaces keeps them', '`  `', c.cyan('  ')],
    ['an image is its alt text and address', '![a cat](https://x.test/cat.png)', `${c.italic('a cat')} ${c.dim('(https://x.test/cat.png)')}`],
  ];
  for (const [what, input, expected] of cases) {
    it(what, () => expect(styleInline(input, c)).toBe(expected));
  }
});
