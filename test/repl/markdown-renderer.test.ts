import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { MarkdownRenderer } from '../../src/repl/render/markdown-renderer.js';
import { displayWidth } from '../../src/repl/render/display-width.js';

const colors = new Chalk({ level: 1 });
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

function render(text: string, chunk = 5, columns = 80): string {
  const renderer = new MarkdownRenderer(colors, () => columns);
  let out = '';
  for (let i = 0; i < text.length; i += chunk) out += renderer.push(text.slice(i, i + chunk));
  return out + renderer.end();
}

/** What the terminal shows: applies \r and erase-to-end the way a terminal would, line by line. */
function screen(out: string): string {
  const lines: string[] = [''];
  const cleaned = out.replace(/\u001b\[\d+A/g, '').replace(/\u001b\[J/g, '\u0000');
  for (const ch of plain(cleaned.replace(/\u0000/g, ''))) {
    if (ch === '\n') lines.push('');
    else if (ch === '\r') lines[lines.length - 1] = '';
    else lines[lines.length - 1] += ch;
  }
  return lines.join('\n');
}

describe('MarkdownRenderer', () => {
  it('styles headings, lists, quotes, inline code, bold and italic', () => {
    const out = render('# Title\n- **bold** and *it* and `code`\n> quote\n1. first\n');
    expect(out).toContain(colors.bold.underline('Title'));
    expect(out).toContain(colors.bold('bold'));
    expect(out).toContain(colors.italic('it'));
    expect(out).toContain(colors.cyan('code'));
    expect(screen(out)).toBe('Title\n• bold and it and code\n│ quote\n1. first\n');
  });

  it('sets fenced code apart and shows its language, without styling inside', () => {
    const out = render('```python\nx = **not bold**\n```\nafter\n', 3);
    expect(screen(out)).toBe('┌─ python \n  x = **not bold**\n└─\nafter\n');
  });

  it('prints the partial last line raw until it completes', () => {
    const renderer = new MarkdownRenderer(colors, () => 80);
    expect(renderer.push('## Head')).toBe('## Head');
    expect(renderer.push('ing\nplain')).toBe(`\r\u001b[J${colors.bold('Heading')}\nplain`);
    expect(renderer.push(' text\n')).toBe(' text\n');
  });

  it('erases every row a wrapped partial line took before restyling it', () => {
    const renderer = new MarkdownRenderer(colors, () => 10);
    renderer.push('# ' + 'x'.repeat(25));
    expect(renderer.push('\n').startsWith('\r\u001b[2A\u001b[J')).toBe(true);
  });

  it('never lets escape sequences from the model through', () => {
    const out = render('a \u001b[2J b \u001b]0;t\u0007 **c**\n');
    expect(screen(out)).toBe('a ␛[2J b ␛]0;t␇ c\n');
  });

  it('counts wide characters as two columns', () => {
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('abc')).toBe(3);
  });
});
