import wrapAnsi from 'wrap-ansi';
import type { StyledLine } from './markdown-line.js';
import { styledWidth } from './screen-rows.js';

/**
 * Prose wrapped at spaces to the terminal's width, never inside a word (a long word or URL
 * overflows and the terminal wraps it); continuation rows of a list item are indented under
 * its text and those of a quote keep the bar. Code, rules and fences are never wrapped.
 */
export function wrapProse(line: StyledLine, columns: number): string {
  if (!['paragraph', 'heading', 'list', 'quote'].includes(line.kind) || styledWidth(line.text) <= columns) return line.text;
  const indent = line.prefix ? styledWidth(line.prefix) : (line.indent ?? 0);
  const first = line.text;
  // The first row keeps its marker; every row is as wide as the terminal allows.
  const wrapped = wrapAnsi(first, columns, { hard: false, trim: true, wordWrap: true }).split('\n');
  if (indent === 0 || indent >= columns / 2) return wrapped.join('\n');
  const head = wrapped[0];
  const rest = wrapAnsi(wrapped.slice(1).join(' '), columns - indent, { hard: false, trim: true, wordWrap: true }).split('\n');
  const lead = line.prefix ?? ' '.repeat(indent);
  return [head, ...rest.filter((row) => row !== '').map((row) => lead + row)].join('\n');
}
