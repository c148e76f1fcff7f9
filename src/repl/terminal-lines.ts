import { createInterface, type Interface } from 'node:readline';
import type { ChalkInstance } from 'chalk';
import { PASTED_NEWLINE, type InputGate } from './input-gate.js';
import type { InputHistory } from './input-history.js';
import { completeSlash, type CompletionSource } from './slash-completion.js';

/** Lines typed at the prompt, one per call, through readline. */
export interface LineReader {
  readonly rl: Interface;
  /** readline's own resize listeners on the screen (it redraws its prompt on each). */
  readonly resizeListeners: ReadonlyArray<() => void>;
  /** The next line typed after `prompt`; undefined once input has ended (Ctrl-D). */
  next(prompt: string): Promise<string | undefined>;
  /** Text put on the next prompt's line (from /edit), sent only with Enter. */
  prefill(text: string): void;
}

export interface LineReaderOptions {
  history: InputHistory;
  completion?: CompletionSource;
  errColors: ChalkInstance;
}

/** readline over the gate: history kept across runs, Tab for slash commands, Ctrl-C twice to leave. */
export async function openLineReader(gate: InputGate, screen: NodeJS.WriteStream, options: LineReaderOptions): Promise<LineReader> {
  const resizeListenersBefore = screen.listeners('resize');
  const rl: Interface = createInterface({
    input: gate,
    output: screen,
    terminal: true,
    history: (await options.history.load()).map((entry) => entry.replace(/\n/g, PASTED_NEWLINE)),
    historySize: 1000,
    removeHistoryDuplicates: true,
    completer: (line: string, callback: (error: Error | null, result: [string[], string]) => void) => {
      completeSlash(line, options.completion).then((result) => callback(null, result), () => callback(null, [[], line]));
    },
    tabSize: 4,
  });
  // readline redraws its prompt on every resize; while an answer streams that would write
  // the prompt into the answer, so its resize listener is detached for the answer's length.
  const resizeListeners = screen.listeners('resize').filter((listener) => !resizeListenersBefore.includes(listener)) as Array<() => void>;
  const ctrlC = leaveOnSecondCtrlC(rl, screen, options.errColors);
  return { rl, resizeListeners, ...lineQueue(rl, gate, ctrlC.typed) };
}

/**
 * Ctrl-C clears a line being typed; on an empty line it says how to leave, and a second one
 * in a row leaves. `typed` is called on every line entered, which starts the count again.
 */
function leaveOnSecondCtrlC(rl: Interface, screen: NodeJS.WriteStream, errColors: ChalkInstance): { typed(): void } {
  let lastWasCtrlC = false;
  rl.on('SIGINT', () => {
    if (rl.line.length > 0) {
      lastWasCtrlC = false;
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      return;
    }
    if (lastWasCtrlC) {
      rl.close();
      return;
    }
    lastWasCtrlC = true;
    screen.write(`\n${errColors.dim('(press Ctrl-C again or Ctrl-D to leave, or type /exit)')}\n`);
    rl.prompt();
  });
  return {
    typed() {
      lastWasCtrlC = false;
    },
  };
}

/** Lines as readline gives them, each to the prompt that waits for it, or queued for the next. */
function lineQueue(rl: Interface, gate: InputGate, onLine: () => void): Pick<LineReader, 'next' | 'prefill'> {
  let closed = false;
  let waiting: ((line: string | undefined) => void) | undefined;
  let prefill = '';
  // Several lines can arrive in one burst (typed ahead, or a paste without bracketing).
  const queued: string[] = [];
  rl.on('line', (line) => {
    onLine();
    gate.promptClosed();
    const resolve = waiting;
    waiting = undefined;
    if (resolve) resolve(line);
    else queued.push(line);
  });
  rl.on('close', () => {
    closed = true;
    const resolve = waiting;
    waiting = undefined;
    resolve?.(undefined);
  });
  const next = (prompt: string): Promise<string | undefined> => {
    if (queued.length > 0) return Promise.resolve(queued.shift());
    if (closed) return Promise.resolve(undefined);
    gate.setMode('typing');
    rl.setPrompt(prompt);
    rl.resume();
    rl.prompt();
    if (prefill) {
      rl.write(prefill);
      prefill = '';
    }
    return new Promise((resolve) => {
      waiting = (line) => {
        // Node 24 and later throw ERR_USE_AFTER_CLOSE from pause() on a closed readline (Ctrl-D closes it).
        if (!closed) rl.pause();
        resolve(line);
      };
      // Only now, after the prompt: a line typed ahead is echoed on it, not into the output before.
      gate.releaseTypedAhead();
    });
  };
  return {
    next,
    prefill(text) {
      prefill = text;
    },
  };
}
