import { UsageError } from '../ground/errors.js';

/**
 * The texts `embed` sends: its words as one text; else piped stdin as one text (trailing
 * whitespace dropped), or with `lines` one text per line. A blank line is refused with its
 * number rather than skipped, so that output line N always belongs to input line N.
 */
export function textsToEmbed(words: readonly string[], piped: string | undefined, lines: boolean): string[] {
  const typed = words.join(' ').trim();
  if (lines && typed) throw new UsageError('--lines reads its texts from stdin, one per line; give either words or --lines', 'printf "first\\nsecond\\n" | g4f-chat embed --lines');
  if (typed) return [typed];
  if (piped === undefined) throw new UsageError('nothing to embed: give the text as words or pipe it in', 'g4f-chat embed "some text", or: g4f-chat embed --lines < texts.txt');
  if (!lines) {
    const whole = piped.replace(/\s+$/, '');
    if (!whole.trim()) throw new UsageError('stdin is empty: nothing to embed');
    return [whole];
  }
  const split = piped.split('\n').map((line) => line.replace(/\r$/, ''));
  // The newline that ends the last line starts no new one.
  if (split.at(-1) === '') split.pop();
  if (split.length === 0) throw new UsageError('stdin is empty: nothing to embed');
  const blank = split.findIndex((line) => !line.trim());
  if (blank >= 0) throw new UsageError(`line ${blank + 1} of stdin is blank: each line is one text to embed, and a blank one has no vector`, 'drop blank lines first: grep . texts.txt | g4f-chat embed --lines');
  return split;
}

/** Inputs per request: Gemini's batchEmbedContents takes at most 100, OpenAI's /embeddings 2048. */
export const EMBED_BATCH = 100;

/** `texts` in requests of at most `size`, in order. */
export function batchesOf<T>(texts: readonly T[], size = EMBED_BATCH): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < texts.length; start += size) batches.push(texts.slice(start, start + size));
  return batches;
}
