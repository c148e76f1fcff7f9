import type { StreamPart } from '../../ground/types.js';

type WordPart = Extract<StreamPart, { type: 'text' | 'reasoning' | 'refusal' }>;

const isWords = (part: StreamPart): part is WordPart => part.type === 'text' || part.type === 'reasoning' || part.type === 'refusal';

/** A high surrogate (U+D800–U+DBFF) is the first half of a pair; written alone it becomes U+FFFD. */
const endsInHighSurrogate = (text: string) => {
  const code = text.charCodeAt(text.length - 1);
  return code >= 0xd800 && code <= 0xdbff;
};

/**
 * Servers that escape every non-ASCII character (Python's `json.dumps`) send an emoji as two
 * `\uXXXX` halves, and a stream may cut between them: `"\ud83d"` in one delta, `"\udd35"` in
 * the next. Each delta is written as it comes, so a trailing high surrogate is held back and
 * put in front of the next delta of the same kind. Held text is handed over before any other
 * part, before an error and at the end (a lone half stays what it was), never lost.
 */
export async function* joinSurrogates(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
  let held: WordPart | undefined;
  const release = (): WordPart | undefined => {
    const part = held;
    held = undefined;
    return part;
  };
  try {
    for await (const part of parts) {
      if (!isWords(part)) {
        const rest = release();
        if (rest) yield rest;
        yield part;
        continue;
      }
      let whole: WordPart = part;
      if (held) {
        if (held.type === part.type) whole = { ...part, text: held.text + part.text };
        else yield release()!;
        held = undefined;
      }
      if (!endsInHighSurrogate(whole.text)) {
        yield whole;
        continue;
      }
      const head = whole.text.slice(0, -1);
      if (head) yield { ...whole, text: head };
      held = { ...whole, text: whole.text.slice(-1) };
    }
  } catch (error) {
    // As in think-block.ts: handed over here, never from a `finally`.
    const rest = release();
    if (rest) yield rest;
    throw error;
  }
  const rest = release();
  if (rest) yield rest;
}
