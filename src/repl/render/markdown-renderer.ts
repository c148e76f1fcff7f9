import type { ChalkInstance } from 'chalk';
import type { LineRenderer } from './answer-writer.js';
import { styleMarkdownLine, type BlockState } from './markdown-line.js';
import { sanitizeForTerminal } from './sanitize.js';
import { displayWidth } from './display-width.js';

/**
 * Markdown for a terminal, styled line by line as each line completes. The partial last
 * line is shown raw as it streams; when its newline arrives, only that line is erased
 * (all the rows it wrapped onto) and written again styled. Past lines are never touched,
 * so the cost is linear in the answer and nothing flickers.
 */
export class MarkdownRenderer implements LineRenderer {
  private readonly state: BlockState = {};
  /** Raw text of the current line already on screen. */
  private shown = '';
  /** The current line's text, in pieces, joined once when it completes. */
  private pieces: string[] = [];

  constructor(
    private readonly colors: ChalkInstance,
    private readonly columns: () => number,
  ) {}

  push(text: string): string {
    let out = '';
    let start = 0;
    const safe = sanitizeForTerminal(text);
    for (let nl = safe.indexOf('\n'); nl !== -1; nl = safe.indexOf('\n', start)) {
      out += this.completeLine(safe.slice(start, nl));
      start = nl + 1;
    }
    const rest = safe.slice(start);
    if (rest) {
      this.pieces.push(rest);
      this.shown += rest;
      out += rest;
    }
    return out;
  }

  end(): string {
    if (this.pieces.length === 0) return '';
    const line = this.pieces.join('');
    this.pieces = [];
    const out = this.rewrite(line);
    this.shown = '';
    return out;
  }

  private completeLine(tail: string): string {
    this.pieces.push(tail);
    const line = this.pieces.join('');
    this.pieces = [];
    const out = `${this.rewrite(line)}\n`;
    this.shown = '';
    return out;
  }

  /** What turns the raw partial line on screen into the styled line. */
  private rewrite(line: string): string {
    const styled = styleMarkdownLine(line, this.state, this.colors, this.columns());
    if (styled === line) return line.slice(this.shown.length);
    if (!this.shown) return styled;
    const width = Math.max(1, this.columns());
    const rowsUp = Math.floor(Math.max(0, displayWidth(this.shown) - 1) / width);
    return `\r${rowsUp > 0 ? `\u001b[${rowsUp}A` : ''}\u001b[J${styled}`;
  }
}
