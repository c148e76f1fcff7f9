import stringWidth from 'string-width';

/**
 * Columns a string takes in a terminal, by a maintained implementation of the Unicode
 * width rules: zero-width characters and combining marks take none, wide East Asian
 * characters and emoji two. The cursor rewind of the renderer depends on it being right.
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** The terminal's width, or 80 when it reports none or 0 (a serial console, `docker -t` before its first resize). */
export function usableColumns(columns: number | undefined): number {
  return columns && columns > 0 ? columns : 80;
}
