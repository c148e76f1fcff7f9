/** The terminal's size in character cells. */
export interface TerminalWindow {
  columns: number;
  rows: number;
}

interface Size {
  width: number;
  height: number;
}

/**
 * The pixel size assumed for one character cell. The real one is not known without asking
 * the terminal; 10×20 is the usual fallback (the cell of a common 10 pt monospace font, and
 * what kitty assumes when it cannot tell). It decides how many cells an image's native size
 * covers and how many pixels a sixel image gets; kitty and iTerm2 scale to the cells we name.
 */
export const CELL_PIXELS = { width: 10, height: 20 } as const;

/** Lines kept free below an image (the prompt, a line of text). */
const ROWS_KEPT = 2;

/** The window of an output stream; 80×24 when it does not say. */
export function windowOf(out: { columns?: number; rows?: number }): TerminalWindow {
  const columns = Number.isInteger(out.columns) && out.columns! > 0 ? out.columns! : 80;
  const rows = Number.isInteger(out.rows) && out.rows! > 0 ? out.rows! : 24;
  return { columns, rows };
}

/** Rows an image may take: the window less the lines kept free, at least one. */
const rowsFor = (window: TerminalWindow) => Math.max(1, window.rows - ROWS_KEPT);

/** `size` shrunk to fit inside `box`, keeping its aspect; never enlarged; at least 1×1. */
export function fitPixels(size: Size, box: Size): Size {
  const scale = Math.min(1, box.width / size.width, box.height / size.height);
  return {
    width: Math.max(1, Math.min(box.width, Math.round(size.width * scale))),
    height: Math.max(1, Math.min(box.height, Math.round(size.height * scale))),
  };
}

/** The pixel box a sixel image may fill: the window's cells at the assumed cell size. */
export function pixelBox(window: TerminalWindow): Size {
  return { width: window.columns * CELL_PIXELS.width, height: rowsFor(window) * CELL_PIXELS.height };
}

/** The cells an image covers (kitty's c/r, iTerm2's width/height): its native size, shrunk to the window. */
export function fitCells(size: Size, window: TerminalWindow): TerminalWindow {
  const shown = fitPixels(size, pixelBox(window));
  return {
    columns: Math.max(1, Math.min(window.columns, Math.round(shown.width / CELL_PIXELS.width))),
    rows: Math.max(1, Math.min(rowsFor(window), Math.round(shown.height / CELL_PIXELS.height))),
  };
}

/** Half-block pixels: one a column, two a row (a cell is about twice as tall as wide, so they are square). */
export function halfBlockBox(window: TerminalWindow): Size {
  return { width: window.columns, height: rowsFor(window) * 2 };
}
