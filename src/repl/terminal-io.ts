import { usableColumns } from './render/display-width.js';
import { createInterface, type Interface } from 'node:readline';
import type { ChalkInstance } from 'chalk';
import { InputGate, PASTED_NEWLINE } from './input-gate.js';
import type { InputHistory } from './input-history.js';
import type { ReplIO, Spinner } from './repl-io.js';
import { completeSlash, type CompletionSource } from './slash-completion.js';
import { terminalRenderer } from './render/terminal-renderer.js';
import { streamGeometry } from './render/terminal-geometry.js';
import { wrapNotice } from './render/wrap-notice.js';
import { loadWrapping } from './render/wrap-prose.js';
import { addLineEditing } from './line-editing.js';

const BLOCK_MARK = '"""';
const BRACKETED_PASTE_ON = '\u001b[?2004h';
const BRACKETED_PASTE_OFF = '\u001b[?2004l';

export interface TerminalOptions {
  colors: ChalkInstance;
  errColors: ChalkInstance;
  history: InputHistory;
  startSpinner(text: string): Promise<Spinner>;
  /** Provider ids and models for Tab after /provider and /model. */
  completion?: CompletionSource;
  /** Where the prompt and editing go (default stdout); the terminal itself when stdout is a pipe. */
  screen?: NodeJS.WriteStream;
}

/**
 * The REPL on a real terminal: readline for editing (arrows, Ctrl-A/E/U/W, Up/Down through
 * a history kept across runs, Tab for slash commands), `"""` blocks and bracketed paste
 * for multi-line messages, Ctrl-C to stop an answer, Ctrl-C twice or Ctrl-D to leave.
 */
export async function createTerminalIO(options: TerminalOptions): Promise<ReplIO & { close(): void }> {
  const stdin = process.stdin;
  const screen = options.screen ?? process.stdout;
  // Answers go to stdout: the screen itself, or a pipe (`chat | tee log`) that gets them byte for byte.
  const answersOnScreen = screen === process.stdout;
  const gate = new InputGate(stdin);
  stdin.setRawMode(true);
  stdin.pipe(gate);
  screen.write(BRACKETED_PASTE_ON);
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
  const readlineResize = screen.listeners('resize').filter((listener) => !resizeListenersBefore.includes(listener)) as Array<() => void>;
  let closed = false;
  let released = false;
  let waiting: ((line: string | undefined) => void) | undefined;
  let lastWasCtrlC = false;
  // Several lines can arrive in one burst (typed ahead, or a paste without bracketing).
  const queued: string[] = [];
  rl.on('line', (line) => {
    lastWasCtrlC = false;
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
    screen.write(`\n${options.errColors.dim('(press Ctrl-C again or Ctrl-D to leave, or type /exit)')}\n`);
    rl.prompt();
  });

  // The editor gets the terminal as the shell would give it: cooked mode, no bracketed paste.
  const editing = addLineEditing(rl, gate, {
    suspend() {
      gate.setMode('off');
      stdin.unpipe(gate);
      stdin.setRawMode(false);
      screen.write(`${BRACKETED_PASTE_OFF}\n`);
    },
    resume() {
      stdin.setRawMode(true);
      stdin.pipe(gate);
      stdin.resume();
      screen.write(BRACKETED_PASTE_ON);
      gate.setMode('typing');
    },
  });
  /** Text put on the next prompt's line (from /edit), sent only with Enter. */
  let prefill = '';

  const nextLine = (prompt: string): Promise<string | undefined> => {
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

  // Loaded before the header is written: our own text wraps from the first line.
  await loadWrapping();
  // One watch of the window's size for the whole chat; each answer's renderer reads it.
  const geometry = streamGeometry(screen);
  const io: ReplIO & { close(): void } = {
    terminal: answersOnScreen,
    interactive: true,
    colors: options.colors,
    errColors: options.errColors,
    columns: () => usableColumns(screen.columns),
    renderer: () => terminalRenderer(options.colors, screen, geometry),
    out: process.stdout,
    // Our own words (help, notices, errors) wrap at spaces to the window, never mid-word.
    err: (text) => process.stderr.write(process.stderr.isTTY ? wrapNotice(text, usableColumns(process.stderr.columns)) : text),
    async readInput() {
      const first = await nextLine(options.colors.bold.green('› '));
      // Ctrl-D at the prompt: the shell's own prompt starts on a line of its own.
      if (first === undefined) {
        screen.write('\n');
        return undefined;
      }
      let message = first;
      if (first.trim() === BLOCK_MARK) {
        const lines: string[] = [];
        for (;;) {
          const line = await nextLine(options.colors.dim('… '));
          if (line === undefined || line.trim() === BLOCK_MARK) break;
          lines.push(line);
        }
        message = lines.join('\n');
      }
      message = message.split(PASTED_NEWLINE).join('\n');
      await options.history.add(message);
      return message;
    },
    startBusy(onInterrupt) {
      gate.setMode('busy');
      gate.onInterrupt = onInterrupt;
      for (const listener of readlineResize) screen.off('resize', listener);
      return () => {
        for (const listener of readlineResize) screen.on('resize', listener);
        gate.onInterrupt = undefined;
        gate.setMode('typing');
      };
    },
    startSpinner: options.startSpinner,
    // Only keys typed after the question answer it: what was typed ahead stays for the next prompt.
    readKey: () => new Promise((resolve) => (gate.keyReader = resolve)),
    async editInput(initial) {
      prefill = await editing.editInEditor(initial);
    },
    async select(message, choices, current) {
      const { select } = await import('@inquirer/prompts');
      gate.setMode('off');
      stdin.unpipe(gate);
      // Esc alone (not the start of an arrow key's sequence) closes the picker, choosing nothing.
      const cancel = new AbortController();
      const onKey = (chunk: Buffer) => {
        if (chunk.length === 1 && chunk[0] === 0x1b) cancel.abort();
      };
      stdin.on('data', onKey);
      try {
        return await select(
          { message, choices: choices.map((value) => ({ value, name: value })), default: current, loop: false },
          { input: stdin, output: process.stderr, clearPromptOnDone: true, signal: cancel.signal },
        );
      } catch {
        return undefined;
      } finally {
        stdin.off('data', onKey);
        stdin.setRawMode(true);
        stdin.pipe(gate);
        stdin.resume();
      }
    },
    // A server's form (MCP elicitation) during a turn: the prompts get the keys, then the turn does again.
    async prompt(run) {
      gate.setMode('off');
      stdin.unpipe(gate);
      try {
        return await run({ input: stdin, output: process.stderr });
      } finally {
        stdin.setRawMode(true);
        stdin.pipe(gate);
        stdin.resume();
        gate.setMode('busy');
      }
    },
    close() {
      if (released) return;
      released = true;
      geometry.dispose();
      screen.write(BRACKETED_PASTE_OFF);
      rl.close();
      stdin.unpipe(gate);
      stdin.setRawMode(false);
      stdin.pause();
    },
  };
  return io;
}
