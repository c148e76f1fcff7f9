import type { ChalkInstance } from 'chalk';
import type { ImageFile } from '../ground/types.js';
import type { LineRenderer } from './render/answer-writer.js';
import type { ArrivedPicture } from './render/keep-picture.js';

export interface Spinner {
  stop(): void;
  /** Replaces the spinner's words (a retry wait); absent where no spinner is shown. */
  text?(text: string): void;
}

/** Where the REPL writes and reads: the real terminal, or a script in tests. */
export interface ReplIO {
  /** stdout is a terminal: sanitise, style markdown, show the spinner. */
  readonly terminal: boolean;
  /** A person types at a terminal (not a script on stdin): `!command` runs only then. */
  readonly interactive?: boolean;
  readonly colors: ChalkInstance;
  readonly errColors: ChalkInstance;
  columns(): number;
  /** The answer stream (stdout). */
  readonly out: { write(text: string, done?: () => void): boolean };
  /** Notices, status lines and errors (stderr). */
  err(text: string): void;
  /** One message from the user; undefined at end of input. */
  readInput(): Promise<string | undefined>;
  /** Marks an answer in progress: keys are swallowed, Ctrl-C calls onInterrupt. Returns the undo. */
  startBusy(onInterrupt: () => void): () => void;
  startSpinner(text: string): Promise<Spinner>;
  /** The markdown renderer for this output (a real terminal's follows its size and resizes). */
  renderer?(): LineRenderer;
  /** Opens the user's editor on `initial`; the result waits on the next prompt's line for Enter. */
  editInput?(initial: string): Promise<void>;
  /** One key press while an answer is in progress (the approval of a tool call); Ctrl-C gives `\x03`. */
  readKey?(): Promise<string>;
  /** Hands the terminal to prompts during a turn (a server's form), then takes it back. */
  prompt?<T>(run: (context: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }) => Promise<T>): Promise<T>;
  /**
   * A picture that arrived (an answer's, a tool result's, /image's): checked, drawn where the
   * terminal can, saved, its file said on a dim line; what history keeps of it, or undefined
   * when it was refused or not saved. Absent where pictures are not kept.
   */
  keepPicture?(picture: ArrivedPicture, from: string): Promise<ImageFile | undefined>;
  /** A choice among options (for /model and /provider without an argument); undefined if cancelled. */
  select?(message: string, choices: readonly string[], current?: string): Promise<string | undefined>;
}
