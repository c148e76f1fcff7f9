import { maskCredentialsInText, redact } from '../ground/redact.js';
import { sanitizeForTerminal } from '../ground/terminal-safe-text.js';
import { colorsFor } from './colors.js';
import { wrapWords } from './wrap-words.js';

// Chosen once: a server's log line per request should not build a chalk instance each time.
let stderrColors: ReturnType<typeof colorsFor> | undefined;
const err = () => (stderrColors ??= colorsFor(process.stderr));

/**
 * Server text inside a message is neither a secret leak nor a way to drive the terminal; a URL's
 * password is masked even when too short to be registered as a secret.
 */
const clean = (text: string) => sanitizeForTerminal(maskURLPasswords(redact(text))).replace(/\n(?!\s)/g, '\n  ');

/** A URL's password needs a URL: a line without `://` (serve's log line of each request) is not searched for one. */
const maskURLPasswords = (text: string) => (text.includes('://') ? maskCredentialsInText(text) : text);

/** Every line the CLI prints on stderr goes through here, so no key can slip out. */
export function printError(message: string, hint?: string): void {
  const c = err();
  // On a terminal, lines are broken between words, never by the terminal inside one.
  const columns = process.stderr.isTTY ? process.stderr.columns : undefined;
  const text = wrapWords(`g4f-chat: ${clean(message)}`, columns);
  process.stderr.write(`${c.red('g4f-chat:')}${text.slice('g4f-chat:'.length)}\n`);
  if (hint) process.stderr.write(`${c.dim(wrapWords(`  hint: ${clean(hint)}`, columns))}\n`);
}

export function printWarning(message: string): void {
  process.stderr.write(`${err().yellow('g4f-chat:')} ${clean(message)}\n`);
}

export function printNotice(message: string): void {
  process.stderr.write(`${err().dim(clean(message))}\n`);
}
