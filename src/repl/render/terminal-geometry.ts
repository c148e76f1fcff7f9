import { usableColumns } from './display-width.js';

/** What the renderer must know of the terminal to rewrite a line safely. */
export interface TerminalGeometry {
  columns(): number;
  /** Rows on screen: a line taller than this has partly scrolled away and is never rewritten. */
  rows(): number;
  /** How many times the window was resized so far: rows drawn before a resize are not erased. */
  resizes(): number;
}

/** A fixed width with unlimited rows and no resizes (tests, the benchmark, an unknown terminal). */
export function fixedGeometry(columns: () => number): TerminalGeometry {
  return { columns, rows: () => Number.POSITIVE_INFINITY, resizes: () => 0 };
}

/** The geometry of a terminal stream, its resizes counted from now on. */
export function streamGeometry(stream: NodeJS.WriteStream): TerminalGeometry & { dispose(): void } {
  let resizes = 0;
  const onResize = () => resizes++;
  stream.on('resize', onResize);
  return {
    columns: () => usableColumns(stream.columns),
    rows: () => (stream.rows && stream.rows > 0 ? stream.rows : 24),
    resizes: () => resizes,
    dispose: () => stream.off('resize', onResize),
  };
}
