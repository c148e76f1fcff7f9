import type { ChalkInstance } from 'chalk';
import { sanitizeForTerminal } from '../../ground/terminal-safe-text.js';

export interface LineRenderer {
  /** Styled output for newly arrived text (complete lines styled, the partial line raw). */
  push(text: string): string;
  /** Whatever is still pending, at the end of the answer. */
  end(): string;
}

export interface AnswerWriterOptions {
  out: { write(text: string, done?: () => void): boolean; once?(event: 'drain', listener: () => void): unknown };
  /** On a terminal the text is sanitised (and styled by the renderer); in a pipe it goes byte for byte. */
  terminal: boolean;
  colors: ChalkInstance;
  renderer?: LineRenderer;
}

/** Gathered text past this is written at once instead of at the next turn of the event loop. */
const FLUSH_AT = 1024 * 1024;

/**
 * Writes an answer as it streams. Writes are gathered and flushed once per turn of the
 * event loop, so a network chunk carrying many tokens costs one write. The text goes out
 * byte for byte, its own trailing newlines included; one newline is added at the end only
 * when the text does not already end in one.
 */
export class AnswerWriter {
  private pending = '';
  private endsWithNewline = false;
  private flushScheduled = false;
  /** Set while the output has more buffered than it wants: resolved by its 'drain'. */
  private draining: Promise<void> | undefined;
  private inReasoning = false;
  wroteText = false;
  private wroteAnything = false;

  constructor(private readonly options: AnswerWriterOptions) {}

  text(text: string): void {
    if (!text) return;
    if (this.inReasoning) {
      this.inReasoning = false;
      this.queue('\n\n');
    }
    this.wroteText = true;
    this.endsWithNewline = text.endsWith('\n');
    this.queue(this.render(text));
  }

  /** Reasoning is shown dimmed on a terminal and left out of pipes entirely. */
  reasoning(text: string): void {
    if (!this.options.terminal || !text) return;
    this.inReasoning = true;
    this.endsWithNewline = false;
    this.queue(this.options.colors.dim(sanitizeForTerminal(text)));
  }

  /** Flushes everything and ends the answer with one newline (if anything was written). */
  async end(): Promise<void> {
    if (this.options.renderer) this.queue(this.options.renderer.end());
    if ((this.wroteAnything || this.pending) && !this.endsWithNewline) this.queue('\n');
    await this.flush();
  }

  private render(text: string): string {
    if (!this.options.terminal) return text;
    return this.options.renderer ? this.options.renderer.push(text) : sanitizeForTerminal(text);
  }

  private queue(text: string): void {
    if (!text) return;
    this.pending += text;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  /**
   * Undefined when more may be written now; otherwise resolves when the output has drained.
   * A large batch is written at once rather than gathered, so memory stays bounded.
   */
  ready(): Promise<void> | undefined {
    if (this.pending.length >= FLUSH_AT) void this.flush();
    return this.draining;
  }

  flush(): Promise<void> {
    this.flushScheduled = false;
    const text = this.pending;
    this.pending = '';
    if (!text) return Promise.resolve();
    this.wroteAnything = true;
    return new Promise((resolve) => {
      const more = this.options.out.write(text, () => resolve());
      if (!more && !this.draining && this.options.out.once) {
        this.draining = new Promise((drained) => {
          this.options.out.once!('drain', () => {
            this.draining = undefined;
            drained();
          });
        });
      }
    });
  }
}
