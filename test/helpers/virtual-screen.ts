import xterm from '@xterm/headless';

const { Terminal } = xterm;

/** A resize of the window at a point of the output. */
export interface Resize {
  cols: number;
  rows: number;
}

/**
 * What a terminal shows after receiving `parts` (text, and window resizes between them):
 * every line of the scrollback and the screen (a row the terminal wrapped onto joined to
 * the one before it), trailing spaces trimmed, trailing empty lines dropped. The emulator
 * (xterm.js, headless) wraps, reflows and scrolls as a terminal does.
 */
export async function screenAfter(parts: ReadonlyArray<string | Resize>, cols: number, rows: number): Promise<string[]> {
  const term = new Terminal({ cols, rows, scrollback: 10_000, allowProposedApi: true });
  for (const part of parts) {
    if (typeof part === 'string') await new Promise<void>((resolve) => term.write(part, resolve));
    else term.resize(part.cols, part.rows);
  }
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const row = buffer.getLine(i)!;
    if (row.isWrapped && lines.length > 0) lines[lines.length - 1] += row.translateToString(true);
    else lines.push(row.translateToString(true));
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  term.dispose();
  return lines;
}
