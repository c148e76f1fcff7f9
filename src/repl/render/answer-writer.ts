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
  /**
   * Loads the renderer the first time text arrives, instead of `renderer`: the answer's first
   * words go out before it is compiled (see text()).
   */
  loadRenderer?: () => Promise<LineRenderer>;
}

/** Output held while the renderer loads: written as it is (a string), or text for the renderer. */
type Held = string | { text: string };

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
  private renderer: LineRenderer | undefined;
  /** Set once a renderer from `loadRenderer` is asked for. */
  private loading: Promise<void> | undefined;
  /** Its load ended (without a renderer if it failed). */
  private loaded = false;
  /** Pieces of the first partial line already written raw before the renderer arrived. */
  private shownRaw: string[] = [];
  /** Output after that, waiting for the renderer, in order. */
  private held: Held[] = [];

  constructor(private readonly options: AnswerWriterOptions) {
    this.renderer = options.terminal ? options.renderer : undefined;
  }

  text(text: string): void {
    if (!text) return;
    if (this.inReasoning) {
      this.inReasoning = false;
      this.emit('\n\n');
    }
    this.wroteText = true;
    this.endsWithNewline = text.endsWith('\n');
    if (!this.options.terminal) return this.queue(text);
    if (this.renderer) return this.queue(this.renderer.push(text));
    if (!this.options.loadRenderer || this.loaded) return this.queue(sanitizeForTerminal(text));
    this.loading ??= this.startLoading(this.options.loadRenderer);
    // Until the renderer arrives, the answer's first partial line is written as the renderer
    // itself writes a partial line outside a code block: sanitised, raw. When it arrives it is
    // given those same pieces (its output for them discarded: already on screen), so it knows
    // the line it will restyle once the line's newline comes. Anything from a newline on
    // waits for it: complete lines are styled.
    if (this.held.length === 0 && !text.includes('\n')) {
      this.shownRaw.push(text);
      return this.queue(sanitizeForTerminal(text));
    }
    this.held.push({ text });
  }

  /** Reasoning is shown dimmed on a terminal and left out of pipes entirely. */
  reasoning(text: string): void {
    if (!this.options.terminal || !text) return;
    this.inReasoning = true;
    this.endsWithNewline = false;
    this.emit(this.options.colors.dim(sanitizeForTerminal(text)));
  }

  /** Flushes everything and ends the answer with one newline (if anything was written). */
  async end(): Promise<void> {
    if (this.loading) await this.loading;
    if (this.renderer) this.queue(this.renderer.end());
    if ((this.wroteAnything || this.pending) && !this.endsWithNewline) this.queue('\n');
    await this.flush();
  }

  /** Output that must keep its place behind text still waiting for the renderer. */
  private emit(out: string): void {
    if (this.held.length > 0) this.held.push(out);
    else this.queue(out);
  }

  private async startLoading(load: () => Promise<LineRenderer>): Promise<void> {
    // A renderer that fails to load leaves the answer sanitised and unstyled, as without one.
    const renderer = await load().catch(() => undefined);
    if (renderer) for (const piece of this.shownRaw) renderer.push(piece);
    this.renderer = renderer;
    this.loaded = true;
    this.shownRaw = [];
    const held = this.held;
    this.held = [];
    for (const item of held) this.queue(typeof item === 'string' ? item : renderer ? renderer.push(item.text) : sanitizeForTerminal(item.text));
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
