import { usableColumns } from './render/display-width.js';
import type { ChalkInstance } from 'chalk';
import { PASTED_NEWLINE } from './input-gate.js';
import type { InputHistory } from './input-history.js';
import type { ReplIO, Spinner } from './repl-io.js';
import type { CompletionSource } from './slash-completion.js';
import { terminalRenderer } from './render/terminal-renderer.js';
import { streamGeometry } from './render/terminal-geometry.js';
import { wrapNotice } from './render/wrap-notice.js';
import { loadWrapping } from './render/wrap-prose.js';
import { addLineEditing } from './line-editing.js';
import { BRACKETED_PASTE_OFF, editorHandover, lendForPrompts, selectChoice, takeKeys, type TerminalKeys } from './terminal-keys.js';
import { openLineReader, type LineReader } from './terminal-lines.js';

const BLOCK_MARK = '"""';

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
  const screen = options.screen ?? process.stdout;
  const keys = takeKeys(process.stdin, screen);
  const lines = await openLineReader(keys.gate, screen, options);
  const editing = addLineEditing(lines.rl, keys.gate, editorHandover(keys, screen));
  // Loaded before the header is written: our own text wraps from the first line.
  await loadWrapping();
  // One watch of the window's size for the whole chat; each answer's renderer reads it.
  const geometry = streamGeometry(screen);
  let released = false;
  return {
    // Answers go to stdout: the screen itself, or a pipe (`chat | tee log`) that gets them byte for byte.
    terminal: screen === process.stdout,
    interactive: true,
    colors: options.colors,
    errColors: options.errColors,
    columns: () => usableColumns(screen.columns),
    renderer: () => terminalRenderer(options.colors, screen, geometry),
    out: process.stdout,
    // Our own words (help, notices, errors) wrap at spaces to the window, never mid-word.
    err: (text) => process.stderr.write(process.stderr.isTTY ? wrapNotice(text, usableColumns(process.stderr.columns)) : text),
    readInput: () => readMessage(lines, screen, options),
    startBusy: (onInterrupt) => startBusy(keys, lines, screen, onInterrupt),
    startSpinner: options.startSpinner,
    // Only keys typed after the question answer it: what was typed ahead stays for the next prompt.
    readKey: () => new Promise((resolve) => (keys.gate.keyReader = resolve)),
    async editInput(initial) {
      lines.prefill(await editing.editInEditor(initial));
    },
    select: (message, choices, current) => selectChoice(keys, message, choices, current),
    prompt: (run) => lendForPrompts(keys, run),
    close() {
      if (released) return;
      released = true;
      geometry.dispose();
      screen.write(BRACKETED_PASTE_OFF);
      lines.rl.close();
      keys.stdin.unpipe(keys.gate);
      keys.stdin.setRawMode(false);
      keys.stdin.pause();
    },
  };
}

/** One message: a line, or the lines between two `"""` lines; pasted newlines become real ones. */
async function readMessage(lines: LineReader, screen: NodeJS.WriteStream, options: TerminalOptions): Promise<string | undefined> {
  const first = await lines.next(options.colors.bold.green('› '));
  // Ctrl-D at the prompt: the shell's own prompt starts on a line of its own.
  if (first === undefined) {
    screen.write('\n');
    return undefined;
  }
  let message = first;
  if (first.trim() === BLOCK_MARK) {
    const block: string[] = [];
    for (;;) {
      const line = await lines.next(options.colors.dim('… '));
      if (line === undefined || line.trim() === BLOCK_MARK) break;
      block.push(line);
    }
    message = block.join('\n');
  }
  message = message.split(PASTED_NEWLINE).join('\n');
  await options.history.add(message);
  return message;
}

/** An answer in progress: keys are held back, Ctrl-C interrupts, readline stops redrawing on resize. */
function startBusy(keys: TerminalKeys, lines: LineReader, screen: NodeJS.WriteStream, onInterrupt: () => void): () => void {
  keys.gate.setMode('busy');
  keys.gate.onInterrupt = onInterrupt;
  for (const listener of lines.resizeListeners) screen.off('resize', listener);
  return () => {
    for (const listener of lines.resizeListeners) screen.on('resize', listener);
    keys.gate.onInterrupt = undefined;
    keys.gate.setMode('typing');
  };
}
