import type { ChalkInstance } from 'chalk';
import { styleInline, type InlineOptions } from './inline-markdown.js';
import { styledWidth } from './screen-rows.js';

/** A table row: starts with a pipe (after up to three spaces). */
export const TABLE_ROW = /^\s{0,3}\|/;
/** The row under the header: `| --- | :-: | --: |`. */
const DELIMITER_CELL = /^\s*:?-+:?\s*$/;

type Align = 'left' | 'center' | 'right';

/** The cells of a row, split at pipes that are not escaped or inside code. */
export function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  const body = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && body[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '`') {
      inCode = !inCode;
      cell += ch;
    } else if (ch === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function alignmentsOf(line: string): Align[] | undefined {
  const cells = splitRow(line);
  if (!cells.every((cell) => DELIMITER_CELL.test(cell))) return undefined;
  return cells.map((cell) => (cell.startsWith(':') && cell.endsWith(':') ? 'center' : cell.endsWith(':') ? 'right' : 'left'));
}

/**
 * A complete table as aligned columns: the header bold, a rule under it, cells styled
 * inline and padded by their display width. Undefined when the lines are not a table
 * (no delimiter row) or the table is wider than the terminal: then it stays as written.
 */
export function formatTable(lines: readonly string[], c: ChalkInstance, columns: number, options: InlineOptions = {}): string | undefined {
  const alignments = lines.length >= 2 ? alignmentsOf(lines[1]) : undefined;
  if (!alignments) return undefined;
  const rows = [lines[0], ...lines.slice(2)].map((line) => splitRow(line).map((cell) => styleInline(cell, c, options)));
  const count = Math.max(alignments.length, ...rows.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, i) => Math.max(1, ...rows.map((r) => styledWidth(r[i] ?? ''))));
  const total = widths.reduce((sum, w) => sum + w, 0) + 3 * (count - 1);
  if (total > columns) return undefined;
  const bar = c.dim(' │ ');
  const pad = (cell: string, i: number) => {
    const room = widths[i] - styledWidth(cell);
    const align = alignments[i] ?? 'left';
    const left = align === 'right' ? room : align === 'center' ? Math.floor(room / 2) : 0;
    return ' '.repeat(left) + cell + ' '.repeat(room - left);
  };
  const format = (row: string[]) => Array.from({ length: count }, (_, i) => pad(row[i] ?? '', i)).join(bar).trimEnd();
  const rule = c.dim(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  return [format(rows[0].map((cell) => c.bold(cell))), rule, ...rows.slice(1).map(format)].join('\n');
}
