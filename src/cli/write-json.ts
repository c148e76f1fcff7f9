import { redact } from '../ground/redact.js';
import { jsonForTerminal } from '../ground/terminal-safe-text.js';

/** Writes JSON to stdout: secrets redacted, and on a terminal no raw C1 control inside it. */
export function writeJson(value: unknown, indent?: number): void {
  const json = redact(JSON.stringify(value, null, indent));
  process.stdout.write(`${process.stdout.isTTY ? jsonForTerminal(json) : json}\n`);
}
