import { Chalk } from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import { MarkdownRenderer } from '../../src/repl/render/markdown-renderer.js';
import { formatTable } from '../../src/repl/render/table-block.js';
import { loadWrapping } from '../../src/repl/render/wrap-prose.js';
import { screenAfter } from '../helpers/virtual-screen.js';

const colors = new Chalk({ level: 1 });
// The renderer loads its wrapper in the background; these tests want it from the first line.
beforeAll(() => loadWrapping());

/** The screen after streaming `text` in chunks of `chunk` characters through the renderer. */
async function rendered(text: string, { chunk = 3, cols = 60, rows = 40, hyperlinks = false } = {}): Promise<string[]> {
  const renderer = new MarkdownRenderer(colors, { columns: () => cols, rows: () => rows, resizes: () => 0 }, { hyperlinks });
  let out = '';
  for (let i = 0; i < text.length; i += chunk) out += renderer.push(text.slice(i, i + chunk)).replace(/\n/g, '\r\n');
  out += renderer.end().replace(/\n/g, '\r\n');
  return screenAfter([out], cols, rows);
}

describe('markdown on the screen', () => {
  it('backslash escapes, triple and nested emphasis, autolinks and images read as intended', async () => {
    const screen = await rendered(
      '\\*\\*not bold\\*\\* and 5 \\* 3\n***x*** and *italic with **bold** inside*\nsee <https://example.com/a>\n![a cat](https://example.com/cat.png)\n',
    );
    expect(screen).toEqual(['**not bold** and 5 * 3', 'x and italic with bold inside', 'see https://example.com/a', 'a cat (https://example.com/cat.png)']);
  });

  it('setext headings replace the line above them; a rule after a blank line stays a rule', async () => {
    const out = await rendered('Big Title\n===\ntext\n\nSmaller\n---\n\n---\n', { chunk: 2 });
    expect(out).toEqual(['Big Title', 'text', '', 'Smaller', '', '─'.repeat(60)]);
  });

  it('wraps prose at spaces to the width, list items under their text; code wraps under its indent', async () => {
    const out = await rendered('alpha beta gamma delta epsilon zeta eta theta\n- one two three four five six seven\n```\nconst aVeryLongIdentifierName = anotherVeryLongFunctionName();\n```\n', { cols: 24, rows: 40 });
    expect(out).toEqual([
      'alpha beta gamma delta',
      'epsilon zeta eta theta',
      '• one two three four',
      '  five six seven',
      '┌─',
      '  const aVeryLongIdentif',
      '  ierName = anotherVeryL',
      '  ongFunctionName();',
      '└─',
    ]);
  });

  it('lays a complete table out in aligned columns, raw while it streams, a list when too wide', async () => {
    const table = '| name | qty |\n|:-----|----:|\n| tea | 2 |\n| **coffee** | 10 |\n\nafter\n';
    expect(await rendered(table, { chunk: 4 })).toEqual(['name   │ qty', '───────┼────', 'tea    │   2', 'coffee │  10', '', 'after']);
    // A table that ends the answer, no newline after it.
    expect(await rendered('| a | b |\n|---|---|\n| 1 | 2 |', { chunk: 5 })).toEqual(['a │ b', '──┼──', '1 │ 2']);
    // Too wide for 8 columns even wrapped: a list of each row's cells under their headers.
    expect(await rendered(table, { cols: 8 })).toEqual(['name:', '  tea', 'qty: 2', '', 'name:', '  coffee', 'qty: 10', '', 'after']);
    expect(formatTable(['| a |', 'not a delimiter'], colors, 80)).toBeUndefined();
  });

  it('links become OSC 8 hyperlinks where the terminal supports them', async () => {
    const renderer = new MarkdownRenderer(colors, () => 80, { hyperlinks: true });
    const out = renderer.push('read [the docs](https://example.com/docs)\n');
    expect(out).toContain('\u001b]8;;https://example.com/docs\u001b\\');
    expect(await screenAfter([out.replace(/\n/g, '\r\n')], 80, 5)).toEqual(['read the docs']);
  });
});

describe('syntax highlighting', () => {
  it('styles a known language token by token and leaves the text as it was', async () => {
    const { createHighlighter } = await import('../../src/repl/render/code-highlighter.js');
    const highlight = createHighlighter(colors);
    const line = highlight('const answer = "forty" + 2; // <b>&', 'ts')!;
    expect(line).toContain(colors.magenta('const'));
    expect(line).toContain(colors.green('"forty"'));
    expect(line).toContain(colors.yellow('2'));
    expect(line.replace(/\u001b\[[0-9;]*m/g, '')).toBe('const answer = "forty" + 2; // <b>&');
    expect(highlight('x', 'no-such-language')).toBeUndefined();
  });

  it('is used for the lines of a fenced block that names its language', async () => {
    const { createHighlighter } = await import('../../src/repl/render/code-highlighter.js');
    const renderer = new MarkdownRenderer(colors, () => 80, { highlight: createHighlighter(colors) });
    const out = renderer.push('```python\ndef f():\n```\n');
    expect(out).toContain(`  ${colors.magenta('def')} ${colors.blue('f')}():`);
  });
});
