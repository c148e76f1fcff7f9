import { G4fError, toG4fError } from '../ground/errors.js';
import { redact } from '../ground/redact.js';
import { sanitizeForTerminal } from '../ground/terminal-safe-text.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { printError } from './messages.js';
import { hintOf } from './remedy-words.js';

/** Prints a failure as one message (plus a hint) and returns its exit code; a stack only with --verbose. */
export function reportError(caught: unknown, verbose = false): number {
  const error = toG4fError(caught);
  const code = exitCodeFor(error);
  if (code === EXIT.interrupted) return code;
  printError(error.message, hintOf(error));
  if (verbose || error.code === 'internal') printDetails(error, verbose);
  return code;
}

function printDetails(error: G4fError, verbose: boolean): void {
  if (!verbose) {
    process.stderr.write('  (this is a bug in g4f-chat; run with --verbose for details)\n');
    return;
  }
  let cause: unknown = error instanceof G4fError && error.code !== 'internal' ? error.cause : error;
  for (let depth = 0; cause && depth < 5; depth++) {
    const text = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
    process.stderr.write(`${sanitizeForTerminal(redact(text))}\n`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
}
