import stripAnsi from 'strip-ansi';
import { displayWidth } from './display-width.js';

/** Rows text takes on a terminal this wide: each line at least one, wrapped ones more. Escape codes take none. */
export function rowsOf(text: string, columns: number): number {
  const width = Math.max(1, columns);
  let rows = 0;
  for (const line of stripAnsi(text).split('\n')) rows += Math.max(1, Math.ceil(displayWidth(line) / width));
  return rows;
}

/** Columns a styled line takes (escape codes and hyperlink wrappers cost nothing). */
export function styledWidth(text: string): number {
  return displayWidth(stripAnsi(text));
}
