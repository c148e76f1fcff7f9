import stripAnsi from 'strip-ansi';
import { styledWidth } from './screen-rows.js';
import { wrapStyled } from './wrap-prose.js';

/**
 * Our own text (help, notices, errors) wrapped at spaces to the window. A row that is too
 * wide continues under its text: under the second column of a two-column row (`/help`'s
 * `  /model [name]     summary`, a `key:   value` line), else under its own indent. Rows
 * that fit are left as they are; before the wrapper is loaded, nothing is wrapped.
 */
export function wrapNotice(text: string, columns: number): string {
  return text
    .split('\n')
    .map((line) => wrapLine(line, columns))
    .join('\n');
}

function wrapLine(line: string, columns: number): string {
  if (styledWidth(line) <= columns) return line;
  const plain = stripAnsi(line);
  const own = /^\s*/.exec(plain)![0].length;
  const gap = /^(\s*\S+(?: \S+)*?\s{2,})\S/.exec(plain);
  const hang = gap && gap[1].length <= columns / 2 ? gap[1].length : own;
  if (own >= columns / 2) return line;
  // The wrapper trims each row, the first row's indent too: it is put back.
  const [first, ...more] = wrapStyled(line, columns - own) ?? [];
  if (first === undefined) return line;
  const rest = more.length > 0 ? (wrapStyled(more.join(' '), columns - hang) ?? more) : [];
  return [' '.repeat(own) + first, ...rest.filter((row) => row !== '').map((row) => ' '.repeat(hang) + row)].join('\n');
}
