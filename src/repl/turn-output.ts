import type { AnswerHandlers } from '../core/answer/answer.js';
import { sanitizeForTerminal, sanitizeLabel } from '../ground/terminal-safe-text.js';
import { AnswerWriter } from './render/answer-writer.js';
import { MarkdownRenderer } from './render/markdown-renderer.js';
import type { ReplIO, Spinner } from './repl-io.js';

/**
 * Where one turn's answer goes: the spinner until the first words, then the writer (markdown
 * styled on a terminal); words explaining a stop are kept for after the answer.
 */
export class TurnOutput {
  private refusalNote = '';

  private constructor(
    private readonly io: ReplIO,
    readonly spinner: Spinner,
    readonly writer: AnswerWriter,
    private readonly quiet: boolean,
  ) {}

  static async start(io: ReplIO, settings: { quiet: boolean; markdown: boolean }): Promise<TurnOutput> {
    const spinner: Spinner = settings.quiet ? { stop() {} } : await io.startSpinner('thinking…');
    const renderer = io.terminal && settings.markdown ? (io.renderer?.() ?? new MarkdownRenderer(io.colors, () => io.columns())) : undefined;
    const writer = new AnswerWriter({ out: io.out, terminal: io.terminal, colors: io.colors, renderer });
    return new TurnOutput(io, spinner, writer, settings.quiet);
  }

  /** Progress on the spinner, or as a line when there is none. */
  status(text: string): void {
    if (this.spinner.text && this.io.terminal) this.spinner.text(text);
    else if (!this.quiet) this.io.err(`${this.io.errColors.dim(text)}\n`);
  }

  /** What the answer's parts do: each stops the spinner and goes to the writer. */
  handlers(): AnswerHandlers {
    return {
      onStatus: (text) => this.status(text),
      onText: (chunk) => {
        this.spinner.stop();
        this.writer.text(chunk);
      },
      ready: () => this.writer.ready(),
      onReasoning: (chunk) => {
        this.spinner.stop();
        this.writer.reasoning(chunk);
      },
      onRefusal: (chunk, note) => {
        this.spinner.stop();
        if (note) this.refusalNote += chunk;
        else this.writer.text(chunk);
      },
    };
  }

  /** Ends the answer; words explaining a stop (Anthropic's refusal) follow it, never join it. */
  async end(provider: string | undefined): Promise<void> {
    await this.writer.end();
    if (this.refusalNote) this.io.err(`${this.io.errColors.yellow(`${sanitizeLabel(provider ?? 'the provider')} refused:`)} ${sanitizeForTerminal(this.refusalNote)}\n`);
  }
}
