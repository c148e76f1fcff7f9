import { fstatSync, writeSync } from 'node:fs';
import { formatHelpSnapshot, type HelpSnapshot } from './help-snapshot.js';

// Filled in when the bundle is built (scripts/build.mjs): the version, and the top-level help
// taken from the real program as data.
declare const __G4F_CHAT_VERSION__: string;
declare const __G4F_HELP_SNAPSHOT__: HelpSnapshot;

/**
 * `g4f-chat --version` and `g4f-chat --help` answered from one small CommonJS file
 * (dist/fast-paths.cjs, loaded by bin/g4f-chat.cjs): no module loader, no program, no
 * commander Command, and stdout written with one system call instead of a stream.
 * Returns false for anything else, which the full program then runs.
 */
export function answerAtOnce(args: readonly string[]): boolean {
  if (args.length !== 1) return false;
  if (args[0] === '--version' || args[0] === '-V') return writeOut(`${__G4F_CHAT_VERSION__}\n`);
  if (args[0] === '--help' || args[0] === '-h') return writeOut(formatHelpSnapshot(__G4F_HELP_SNAPSHOT__, helpWidth()));
  return false;
}

/** commander's width: the terminal's columns when stdout is one, else its default (80). */
function helpWidth(): number | undefined {
  // Only a character device can be a terminal; a pipe or a file needs no tty module to say so.
  if (!isCharacterDevice(1)) return undefined;
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}

function isCharacterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

/**
 * Writes all of `text` to stdout. As in every command (program.ts): a closed stdout (`| head`)
 * ends quietly with 0, any other failure is said on stderr with 1. A pipe left non-blocking by
 * whoever opened it (EAGAIN) gets the rest through Node's stream, which waits for room.
 */
function writeOut(text: string): true {
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN') {
      process.stdout.on('error', (later: NodeJS.ErrnoException) => failed(later.code, later.message));
      process.stdout.write(bytes.subarray(written));
    } else failed(code, (error as Error).message);
  }
  return true;
}

function failed(code: string | undefined, message: string): void {
  if (code === 'EPIPE') return;
  process.stderr.write(`g4f-chat: cannot write to stdout: ${code ?? message}\n`);
  process.exitCode = 1;
}
