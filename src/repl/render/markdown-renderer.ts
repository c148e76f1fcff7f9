import type { ChalkInstance } from 'chalk';
import type { LineRenderer } from './answer-writer.js';
import { SETEXT, styleHeading, styleMarkdownLine, type BlockState, type LineOptions } from './markdown-line.js';
import { sanitizeForTerminal } from '../../ground/terminal-safe-text.js';
import { displayWidth } from './display-width.js';
import { rowsOf } from './screen-rows.js';
import { formatTable, TABLE_ROW } from './table-block.js';
import { fixedGeometry, type TerminalGeometry } from './terminal-geometry.js';
import { loadWrapping, wrapProse } from './wrap-prose.js';
import { styleInline } from './inline-markdown.js';

/** A line already written, as the next one may need to restyle it (a setext underline). */
interface WrittenLine {
  raw: string;
  paragraph: boolean;
  /** Rows its output took, at the width it was written. */
  rows: number;
  resizes: number;
}

/**
 * Markdown for a terminal, styled line by line as each line completes. The partial last
 * line is shown raw as it streams; when its newline arrives, only that line is erased
 * (all the rows it wrapped onto) and written again styled, wrapped at spaces. Past lines
 * are never touched (but for the line above a setext underline and the rows of a table),
 * so the cost is linear in the answer and nothing flickers.
 *
 * A rewrite happens only when it is safe: the rows to erase are all still on screen (a
 * line taller than the window is left raw, or it would appear twice in the scrollback),
 * and the window was not resized since they were drawn (their rows were computed for the
 * old width; erasing by them would wipe other text). Otherwise the raw text stays.
 */
export class MarkdownRenderer implements LineRenderer {
  private readonly state: BlockState = {};
  private readonly geometry: TerminalGeometry;
  /** Raw text of the current line already on screen. */
  private shown = '';
  /** What that line looks like on screen: a code line's indent and its own row breaks included. */
  private onScreen = '';
  /** Whether the current line is shown as code (it started inside a fenced block). */
  private shownCode = false;
  /** The column the cursor is at while a code line streams. */
  private column = 0;
  /** The resize count when the current line started showing. */
  private shownSince = 0;
  /** The current line's text, in pieces, joined once when it completes. */
  private pieces: string[] = [];
  private previous?: WrittenLine;
  /** Rows of a table so far (shown raw), restyled as a whole once it ends. */
  private table?: { lines: string[]; rows: number; resizes: number };

  constructor(
    private readonly colors: ChalkInstance,
    geometry: (() => number) | TerminalGeometry,
    private readonly options: LineOptions = {},
  ) {
    this.geometry = typeof geometry === 'function' ? fixedGeometry(geometry) : geometry;
  }

  push(text: string): string {
    // The wrapper loads once the first text is on its way, never ahead of the first byte.
    void loadWrapping();
    let out = '';
    let start = 0;
    const safe = sanitizeForTerminal(text);
    for (let nl = safe.indexOf('\n'); nl !== -1; nl = safe.indexOf('\n', start)) {
      out += this.completeLine(safe.slice(start, nl));
      start = nl + 1;
    }
    const rest = safe.slice(start);
    if (rest) {
      if (!this.shown) {
        this.shownSince = this.geometry.resizes();
        this.shownCode = Boolean(this.state.fence);
      }
      this.pieces.push(rest);
      out += this.showRaw(rest);
      this.shown += rest;
    }
    return out;
  }

  end(): string {
    const line = this.pieces.join('');
    this.pieces = [];
    let out = line ? this.finish(line, false) : '';
    // A table that is the answer's last line ends here, the cursor still on its last row.
    out += this.endTable(Boolean(line));
    this.forgetShown();
    return out;
  }

  private completeLine(tail: string): string {
    this.pieces.push(tail);
    const line = this.pieces.join('');
    this.pieces = [];
    const out = this.finish(line, true);
    this.forgetShown();
    return out;
  }

  private forgetShown(): void {
    this.shown = '';
    this.onScreen = '';
  }

  /**
   * Raw text of the current line, as shown while it streams. A code line is indented as the
   * block is and broken before the window's edge onto a row indented the same, so neither a
   * resize (which leaves the line raw) nor a long line puts code at column 0.
   */
  private showRaw(text: string): string {
    if (!this.shownCode) {
      this.onScreen += text;
      return text;
    }
    const columns = this.geometry.columns();
    let out = '';
    if (this.onScreen === '') {
      out = '  ';
      this.column = 2;
    }
    for (const ch of text) {
      const width = displayWidth(ch);
      if (this.column + width > columns && this.column > 2) {
        out += '\n  ';
        this.column = 2;
      }
      out += ch;
      this.column += width;
    }
    this.onScreen += out;
    return out;
  }

  /** The output that turns the raw partial line on screen into the finished line. */
  private finish(line: string, newline: boolean): string {
    const nl = newline ? '\n' : '';
    if (!this.state.fence && TABLE_ROW.test(line)) return this.addTableRow(line) + nl;
    let out = this.endTable(false);
    if (out) this.forgetShown();
    const columns = this.geometry.columns();
    const shownRows = this.onScreen ? rowsOf(this.onScreen, columns) : 0;
    const resized = this.shown !== '' && this.geometry.resizes() !== this.shownSince;
    const tooTall = shownRows > this.geometry.rows() - 1;
    const fenceBefore = this.state.fence;
    const setext = this.previous?.paragraph && !fenceBefore && SETEXT.exec(line);
    if (setext && this.canRewrite(this.previous!, shownRows) && !resized) {
      const heading = wrapProse({ text: styleHeading(styleInline(this.previous!.raw.trim(), this.colors, this.options), setext[1][0] === '=' ? 1 : 2, this.colors), kind: 'heading' }, columns);
      // Up over the partial underline (if shown) and every row of the line above it.
      out += `${this.erase(this.shown ? this.previous!.rows + shownRows - 1 : this.previous!.rows)}${heading}`;
      this.remember(line, false, rowsOf(heading, columns));
      return out + nl;
    }
    const styled = styleMarkdownLine(line, this.state, this.colors, columns, this.options);
    if (resized || tooTall) {
      // Left raw: its rows cannot be found again safely.
      this.remember(line, false, rowsOf(this.onScreen + line.slice(this.shown.length), columns));
      return out + this.showRaw(line.slice(this.shown.length)) + nl;
    }
    const text = wrapProse(styled, columns);
    this.remember(line, styled.kind === 'paragraph', rowsOf(text, columns));
    if (text === line) return out + line.slice(this.shown.length) + nl;
    if (!this.shown) return out + text + nl;
    return `${out}${this.erase(shownRows - 1)}${text}${nl}`;
  }

  /** Whether the rows of `line` and of the current partial line are all still on screen, unchanged. */
  private canRewrite(line: WrittenLine, shownRows: number): boolean {
    return line.resizes === this.geometry.resizes() && line.rows + Math.max(shownRows, 1) <= this.geometry.rows() - 1;
  }

  /** Back to the start of the row `up` rows above, erasing to the end of the screen. */
  private erase(up: number): string {
    return `\r${up > 0 ? `\u001b[${up}A` : ''}\u001b[J`;
  }

  private remember(raw: string, paragraph: boolean, rows: number): void {
    this.previous = { raw, paragraph, rows: Math.max(1, rows), resizes: this.geometry.resizes() };
  }

  /** A table row is left as written while the table streams. */
  private addTableRow(line: string): string {
    const columns = this.geometry.columns();
    const rows = rowsOf(line, columns);
    if (!this.table) this.table = { lines: [], rows: 0, resizes: this.geometry.resizes() };
    if (this.shown && this.geometry.resizes() !== this.shownSince) this.table.resizes = -1;
    this.table.lines.push(line);
    this.table.rows += rows;
    this.previous = undefined;
    return line.slice(this.shown.length);
  }

  /**
   * Once a table ends, it is rewritten as aligned columns when all its rows are on screen,
   * no resize came between, and it fits the width; else it stays raw. The rewrite also
   * erases a partial next line shown below it. `onLastRow`: the answer ended on the table's
   * last row, without a newline, so the cursor is still there.
   */
  private endTable(onLastRow: boolean): string {
    const table = this.table;
    if (!table) return '';
    this.table = undefined;
    const columns = this.geometry.columns();
    const shownRows = this.onScreen ? rowsOf(this.onScreen, columns) : 0;
    if (table.resizes !== this.geometry.resizes() || table.rows + shownRows > this.geometry.rows() - 1) return '';
    const formatted = formatTable(table.lines, this.colors, columns, this.options);
    if (!formatted) return '';
    if (onLastRow) return `${this.erase(table.rows - 1)}${formatted}`;
    return `${this.erase(table.rows + (shownRows > 0 ? shownRows - 1 : 0))}${formatted}\n`;
  }
}
