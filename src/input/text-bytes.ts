/** Invalid UTF-8 tolerated (replaced) before bytes count as binary. */
const MAX_INVALID_SEQUENCES = 8;
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/**
 * The bytes as text, or why they are not text: a NUL byte, or more than a few invalid
 * UTF-8 sequences (U+FFFD the input itself holds does not count).
 */
export function decodeText(bytes: Buffer): { text: string } | { binary: 'nul' | 'utf8'; invalid?: number } {
  if (bytes.includes(0)) return { binary: 'nul' };
  const text = bytes.toString('utf8');
  const invalid = countReplacements(text) - countOccurrences(bytes, REPLACEMENT);
  if (invalid > MAX_INVALID_SEQUENCES) return { binary: 'utf8', invalid };
  return { text };
}

function countOccurrences(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) count++;
  return count;
}

function countReplacements(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) count++;
  return count;
}

/** `1.5 MB`, `34 KB`, `120 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** A `--max-input` value comfortably above `size`: `4M`. */
export function nextLimit(size: number): string {
  return `${Math.max(1, Math.ceil((size * 2) / 1024 ** 2))}M`;
}
