import { redact } from '../core/redact.js';
import { colorsFor } from './colors.js';

const err = () => colorsFor(process.stderr);

/** Every line the CLI prints on stderr goes through here, so no key can slip out. */
export function printError(message: string, hint?: string): void {
  const c = err();
  process.stderr.write(`${c.red('g4f-chat:')} ${redact(message)}\n`);
  if (hint) process.stderr.write(`${c.dim(`  hint: ${redact(hint)}`)}\n`);
}

export function printWarning(message: string): void {
  process.stderr.write(`${err().yellow('g4f-chat:')} ${redact(message)}\n`);
}

export function printNotice(message: string): void {
  process.stderr.write(`${err().dim(redact(message))}\n`);
}
