import { Chalk } from 'chalk';
import type { ReplIO } from '../../src/repl/repl-io.js';

/** A ReplIO fed from a list of inputs, capturing stdout and stderr as text. */
export class ScriptedIO implements ReplIO {
  readonly terminal: boolean;
  readonly colors = new Chalk({ level: 0 });
  readonly errColors = new Chalk({ level: 0 });
  stdout = '';
  stderr = '';
  /** Inputs and outputs interleaved, as a person would see the session. */
  transcript = '';
  interrupt: (() => void) | undefined;
  private readonly inputs: string[];
  selections: string[] = [];
  readonly out = {
    write: (text: string, done?: () => void) => {
      this.stdout += text;
      this.transcript += text;
      done?.();
      return true;
    },
  };

  constructor(inputs: readonly string[], options: { terminal?: boolean } = {}) {
    this.inputs = [...inputs];
    this.terminal = options.terminal ?? false;
  }

  columns(): number {
    return 80;
  }

  err(text: string): void {
    this.stderr += text;
    this.transcript += text;
  }

  async readInput(): Promise<string | undefined> {
    const next = this.inputs.shift();
    if (next !== undefined) this.transcript += `> ${next}\n`;
    return next;
  }

  startBusy(onInterrupt: () => void): () => void {
    this.interrupt = onInterrupt;
    return () => (this.interrupt = undefined);
  }

  async startSpinner() {
    return { stop() {} };
  }

  async select(_message: string, choices: readonly string[]): Promise<string | undefined> {
    const wanted = this.selections.shift();
    return choices.find((c) => c === wanted);
  }
}
