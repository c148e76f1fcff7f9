import { InputGate } from './input-gate.js';

export const BRACKETED_PASTE_ON = '\u001b[?2004h';
export const BRACKETED_PASTE_OFF = '\u001b[?2004l';

/**
 * The terminal's keys as the chat reads them: stdin in raw mode, through the gate. Prompts of
 * others (a picker, a server's form, the user's editor) borrow them and give them back.
 */
export interface TerminalKeys {
  readonly stdin: NodeJS.ReadStream;
  readonly gate: InputGate;
  /** Lends the keys out: the gate stops, stdin no longer flows into it. */
  lend(): void;
  /** Takes them back: raw mode, through the gate again, flowing. */
  takeBack(): void;
}

/** Starts reading `stdin` through a gate, in raw mode with bracketed paste on `screen`. */
export function takeKeys(stdin: NodeJS.ReadStream, screen: NodeJS.WriteStream): TerminalKeys {
  const gate = new InputGate(stdin);
  stdin.setRawMode(true);
  stdin.pipe(gate);
  screen.write(BRACKETED_PASTE_ON);
  return {
    stdin,
    gate,
    lend() {
      gate.setMode('off');
      stdin.unpipe(gate);
    },
    takeBack() {
      stdin.setRawMode(true);
      stdin.pipe(gate);
      stdin.resume();
    },
  };
}

/** The editor gets the terminal as the shell would give it: cooked mode, no bracketed paste. */
export function editorHandover(keys: TerminalKeys, screen: NodeJS.WriteStream): { suspend(): void; resume(): void } {
  return {
    suspend() {
      keys.lend();
      keys.stdin.setRawMode(false);
      screen.write(`${BRACKETED_PASTE_OFF}\n`);
    },
    resume() {
      keys.takeBack();
      screen.write(BRACKETED_PASTE_ON);
      keys.gate.setMode('typing');
    },
  };
}

/** A choice among `choices` on stderr (Esc chooses nothing): undefined when cancelled. */
export async function selectChoice(keys: TerminalKeys, message: string, choices: readonly string[], current?: string): Promise<string | undefined> {
  const { select } = await import('@inquirer/prompts');
  keys.lend();
  // Esc alone (not the start of an arrow key's sequence) closes the picker, choosing nothing.
  const cancel = new AbortController();
  const onKey = (chunk: Buffer) => {
    if (chunk.length === 1 && chunk[0] === 0x1b) cancel.abort();
  };
  keys.stdin.on('data', onKey);
  try {
    return await select(
      { message, choices: choices.map((value) => ({ value, name: value })), default: current, loop: false },
      { input: keys.stdin, output: process.stderr, clearPromptOnDone: true, signal: cancel.signal },
    );
  } catch {
    return undefined;
  } finally {
    keys.stdin.off('data', onKey);
    keys.takeBack();
  }
}

/** A server's form (MCP elicitation) during a turn: the prompts get the keys, then the turn does again. */
export async function lendForPrompts<T>(keys: TerminalKeys, run: (context: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }) => Promise<T>): Promise<T> {
  keys.lend();
  try {
    return await run({ input: keys.stdin, output: process.stderr });
  } finally {
    keys.takeBack();
    keys.gate.setMode('busy');
  }
}
