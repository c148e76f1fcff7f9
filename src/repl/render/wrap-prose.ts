import type { StyledLine } from './markdown-line.js';
import { styledWidth } from './screen-rows.js';

type WrapAnsi = typeof import('wrap-ansi').default;
let wrapAnsi: WrapAnsi | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the wrapper (wrap-ansi, which brings string-width: ~25 ms) in the background, so
 * the first answer byte never waits for it; lines finished before it is ready are left for
 * the terminal to wrap (a streamed line takes far longer than that to complete).
 */
export function loadWrapping(): Promise<void> {
  loading ??= import('wrap-ansi').then(
    (module) => void (wrapAnsi = module.default),
    () => undefined,
  );
  return loading;
}

/**
 * Styled text broken into rows of at most `width` columns, at spaces where it can and inside
 * a word only where one is wider than the row (`hard`); undefined until the wrapper is loaded.
 * `keepSpaces` keeps every space where it was (code).
 */
export function wrapStyled(text: string, width: number, { keepSpaces = false } = {}): string[] | undefined {
  if (!wrapAnsi) {
    void loadWrapping();
    return undefined;
  }
  return wrapAnsi(text, Math.max(1, width), { hard: true, trim: !keepSpaces, wordWrap: !keepSpaces }).split('\n');
}

/**
 * Prose wrapped at spaces to the terminal's width, never inside a word (a long word or URL
 * overflows and the terminal wraps it); continuation rows of a list item are indented under
 * its text and those of a quote keep the bar. A code line is broken at the edge, every space
 * kept, its rows under the block's indent; rules and fences are never wrapped.
 */
export function wrapProse(line: StyledLine, columns: number): string {
  if (line.kind === 'code') return wrapCode(line.text, columns);
  if (!['paragraph', 'heading', 'list', 'quote'].includes(line.kind) || styledWidth(line.text) <= columns) return line.text;
  if (!wrapAnsi) {
    void loadWrapping();
    return line.text;
  }
  const wrap = (text: string, width: number) => wrapAnsi!(text, width, { hard: false, trim: true, wordWrap: true }).split('\n');
  const indent = line.prefix ? styledWidth(line.prefix) : (line.indent ?? 0);
  // The first row keeps its marker; every row is as wide as the terminal allows.
  const rows = wrap(line.text, columns);
  if (indent === 0 || indent >= columns / 2) return rows.join('\n');
  const rest = wrap(rows.slice(1).join(' '), columns - indent);
  const lead = line.prefix ?? ' '.repeat(indent);
  return [rows[0], ...rest.filter((row) => row !== '').map((row) => lead + row)].join('\n');
}

/** A code line (`  ` and the code) broken at the window's edge, each row under the indent. */
function wrapCode(text: string, columns: number): string {
  if (styledWidth(text) <= columns || columns <= 4) return text;
  const rows = wrapStyled(text.slice(2), columns - 2, { keepSpaces: true });
  return rows ? rows.map((row) => `  ${row}`).join('\n') : text;
}
