import type { ChalkInstance } from 'chalk';
import { styleInline, type InlineOptions } from './inline-markdown.js';
import { styledWidth } from './screen-rows.js';
import { wrapStyled } from './wrap-prose.js';

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

/** A column narrower than this (and than its text) reads badly wrapped: the table becomes a list. */
const MIN_COLUMN = 6;

/**
 * A complete table as aligned columns: the header bold, a rule under it, cells styled
 * inline and padded by their display width. A table wider than the terminal has its cells
 * wrapped within their columns (narrow columns keep their width, wide ones share the rest);
 * when even that leaves a column too narrow, each row becomes a `header: cell` list.
 * Undefined when the lines are not a table (no delimiter row), or before the wrapper is
 * loaded for a table that needs it: then it stays as written.
 */
export function formatTable(lines: readonly string[], c: ChalkInstance, columns: number, options: InlineOptions = {}): string | undefined {
  const alignments = lines.length >= 2 ? alignmentsOf(lines[1]) : undefined;
  if (!alignments) return undefined;
  const rows = [lines[0], ...lines.slice(2)].map((line) => splitRow(line).map((cell) => styleInline(cell, c, options)));
  const count = Math.max(alignments.length, ...rows.map((r) => r.length));
  const natural = Array.from({ length: count }, (_, i) => Math.max(1, ...rows.map((r) => styledWidth(r[i] ?? ''))));
  const widths = fitWidths(natural, columns - 3 * (count - 1));
  if (!widths) return recordList(rows, count, c, columns);
  const cellRows = rows.map((row, r) => Array.from({ length: count }, (_, i) => wrapCell(r === 0 ? c.bold(row[i] ?? '') : (row[i] ?? ''), widths[i])));
  if (cellRows.some((row) => row.some((cell) => !cell))) return undefined;
  const bar = c.dim(' │ ');
  const pad = (cell: string, i: number) => {
    const room = widths[i] - styledWidth(cell);
    const align = alignments[i] ?? 'left';
    const left = align === 'right' ? room : align === 'center' ? Math.floor(room / 2) : 0;
    return ' '.repeat(left) + cell + ' '.repeat(room - left);
  };
  // A row is as tall as its tallest cell; the other cells are blank below their text.
  const format = (row: string[][]) => {
    const height = Math.max(...row.map((cell) => cell.length));
    return Array.from({ length: height }, (_, line) => row.map((cell, i) => pad(cell[line] ?? '', i)).join(bar).trimEnd()).join('\n');
  };
  const rule = c.dim(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  return [format(cellRows[0] as string[][]), rule, ...cellRows.slice(1).map((row) => format(row as string[][]))].join('\n');
}

/**
 * Column widths within `room`: the natural ones when they fit; else, narrowest first, each
 * column gets its natural width or an equal share of what is left, whichever is less.
 * Undefined when a column would get less than MIN_COLUMN (or its text, if narrower).
 */
function fitWidths(natural: readonly number[], room: number): number[] | undefined {
  if (natural.reduce((sum, w) => sum + w, 0) <= room) return [...natural];
  const widths: number[] = [];
  let left = room;
  const order = natural.map((w, i) => [w, i]).sort((a, b) => a[0] - b[0]);
  for (const [k, [want, i]] of order.entries()) {
    const width = Math.min(want, Math.floor(left / (order.length - k)));
    if (width < Math.min(want, MIN_COLUMN)) return undefined;
    widths[i] = width;
    left -= width;
  }
  return widths;
}

/** A cell's rows at this width: wrapped at spaces, a word wider than the column broken. */
function wrapCell(cell: string, width: number): string[] | undefined {
  return styledWidth(cell) <= width ? [cell] : wrapStyled(cell, width);
}

/** Each row as `header: cell` lines, a blank line between rows, continuation rows indented. */
function recordList(rows: readonly string[][], count: number, c: ChalkInstance, columns: number): string | undefined {
  const [header, ...body] = rows;
  const records: string[] = [];
  for (const row of body) {
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      const line = `${c.bold(header[i] || `column ${i + 1}`)}: ${row[i] ?? ''}`;
      const [first, ...more] = wrapCell(line, columns) ?? [];
      const rest = more.length > 0 ? wrapCell(more.join(' '), Math.max(1, columns - 2)) : [];
      if (first === undefined || !rest) return undefined;
      lines.push([first, ...rest.map((part) => `  ${part}`)].join('\n'));
    }
    records.push(lines.join('\n'));
  }
  return records.join('\n\n');
}
