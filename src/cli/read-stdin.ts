import { UsageError } from '../ground/errors.js';
import { decodeText, formatBytes, nextLimit } from '../input/text-bytes.js';
import { readAtMost } from '../input/read-at-most.js';

/** The most piped input read by default: a large file is refused before any request. */
export const DEFAULT_MAX_INPUT = 1024 * 1024;

/**
 * Reads piped stdin whole, at most `maxBytes`: more is refused (naming its size and the
 * flag that raises the limit) rather than read into memory and sent. Binary input (a NUL
 * byte, or more than a few invalid UTF-8 sequences) is refused too. Undefined on a terminal.
 */
export async function readPipedStdin(maxBytes = DEFAULT_MAX_INPUT): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  let bytes: Buffer;
  try {
    bytes = await readAtMost(process.stdin, maxBytes, (size) => new UsageError(formatBytes(size) === formatBytes(maxBytes) ? `stdin holds more than the ${formatBytes(maxBytes)} limit; nothing was sent` : `stdin holds at least ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} limit; nothing was sent`, `raise the limit with --max-input ${nextLimit(size)}, or send less`));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return undefined;
  }
  const decoded = decodeText(bytes);
  if ('text' in decoded) return decoded.text;
  if (decoded.binary === 'nul') throw new UsageError('stdin is binary (it holds NUL bytes); nothing was sent', 'pipe text, or leave stdin out: --no-stdin');
  throw new UsageError(`stdin is not UTF-8 text (${decoded.invalid} invalid sequences); nothing was sent`, 'convert it to UTF-8, or leave stdin out: --no-stdin');
}

/** `--max-input 5M`, `2MB`, `500k`, `1000000`. */
export function parseByteSize(raw: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(raw);
  if (!match) throw new Error('a size such as 1000000, 500k, 5M or 1G');
  const unit = (match[2] ?? '').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(match[1]) * factor);
}

/** Piped text first, then a blank line, then the prompt words; either may be missing. */
export function combinePrompt(piped: string | undefined, words: readonly string[]): string {
  const prompt = words.join(' ').trim();
  const input = piped?.replace(/\s+$/, '') ?? '';
  if (input && prompt) return `${input}\n\n${prompt}`;
  return input || prompt;
}
