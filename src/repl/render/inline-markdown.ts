import type { ChalkInstance } from 'chalk';

/**
 * Styles the inline markdown of one line: `code`, **bold**, *italic* / _italic_,
 * ~~strike~~ and [links](url). One pass, left to right; code spans are never styled inside.
 * The text must already be sanitised: the only escape codes in the result are chalk's.
 */
export function styleInline(text: string, c: ChalkInstance): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        out += c.cyan(text.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    } else if ((ch === '*' || ch === '_') && text[i + 1] === ch) {
      const end = text.indexOf(ch + ch, i + 2);
      if (end > i + 2) {
        out += c.bold(styleInline(text.slice(i + 2, end), c));
        i = end + 2;
        continue;
      }
    } else if ((ch === '*' || ch === '_') && text[i + 1] !== ' ' && text[i + 1] !== undefined && (ch === '*' || !isWordChar(text[i - 1]))) {
      const end = findClosing(text, ch, i + 1);
      if (end > i + 1) {
        out += c.italic(styleInline(text.slice(i + 1, end), c));
        i = end + 1;
        continue;
      }
    } else if (ch === '~' && text[i + 1] === '~') {
      const end = text.indexOf('~~', i + 2);
      if (end > i + 2) {
        out += c.strikethrough(text.slice(i + 2, end));
        i = end + 2;
        continue;
      }
    } else if (ch === '[') {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(text.slice(i, i + 2048));
      if (link) {
        out += `${c.underline(link[1])} ${c.dim(`(${link[2]})`)}`;
        i += link[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

function findClosing(text: string, marker: string, from: number): number {
  for (let j = text.indexOf(marker, from); j !== -1; j = text.indexOf(marker, j + 1)) {
    if (text[j - 1] !== ' ' && text[j + 1] !== marker && (marker === '*' || !isWordChar(text[j + 1]))) return j;
  }
  return -1;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}
