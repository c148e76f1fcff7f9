import { usableColumns } from './render/display-width.js';
import { createInterface } from 'node:readline';
import type { ChalkInstance } from 'chalk';
import type { ReplIO } from './repl-io.js';

/**
 * The REPL when stdin is not a terminal: one message per line (or a `"""` block),
 * answers printed plainly, no prompt, no spinner. A scripted chat.
 */
export function createScriptIO(colors: ChalkInstance, errColors: ChalkInstance): ReplIO {
  const lines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    return done ? undefined : (value as string);
  };
  return {
    terminal: Boolean(process.stdout.isTTY),
    colors,
    errColors,
    columns: () => usableColumns(process.stdout.columns),
    out: process.stdout,
    err: (text) => process.stderr.write(text),
    async readInput() {
      const first = await next();
      if (first === undefined || first.trim() !== '"""') return first;
      const block: string[] = [];
      for (let line = await next(); line !== undefined && line.trim() !== '"""'; line = await next()) block.push(line);
      return block.join('\n');
    },
    startBusy: () => () => {},
    startSpinner: async () => ({ stop() {} }),
  };
}
