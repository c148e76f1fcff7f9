// The think-block and surrogate generators as they were before they became steps (part-steps.ts):
// the reference the steps are compared with, kept verbatim.
import type { StreamPart } from '../../../src/ground/types.js';

const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * Servers that inline reasoning put it in a `<think>…</think>` block at the very start of
 * the content. That block becomes reasoning parts; everything else passes through as it
 * came. Tags split across chunks are held until they can be told apart, and whatever is
 * held is handed over before an error or at the end, never lost.
 */
export async function* referenceThinkBlock(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
  let state: 'start' | 'inside' | 'after' | 'plain' = 'start';
  let held = '';
  const release = (): StreamPart | undefined => {
    const text = held;
    held = '';
    if (!text) return undefined;
    return state === 'inside' ? { type: 'reasoning', text } : { type: 'text', text };
  };
  try {
    for await (const part of parts) {
      if (part.type !== 'text' || state === 'plain') {
        yield part;
        continue;
      }
      held += part.text;
      if (state === 'start') {
        const head = held.trimStart();
        if (head.length < OPEN.length && OPEN.startsWith(head)) continue;
        if (!head.startsWith(OPEN)) {
          state = 'plain';
          yield release()!;
          continue;
        }
        state = 'inside';
        held = head.slice(OPEN.length);
      }
      if (state === 'inside') {
        const end = held.indexOf(CLOSE);
        if (end === -1) {
          // Keep back what could be the start of `</think>`.
          const keep = partialTagLength(held);
          const reasoning = held.slice(0, held.length - keep);
          held = held.slice(held.length - keep);
          if (reasoning) yield { type: 'reasoning', text: reasoning };
          continue;
        }
        const reasoning = held.slice(0, end);
        if (reasoning) yield { type: 'reasoning', text: reasoning };
        held = held.slice(end + CLOSE.length);
        state = 'after';
      }
      if (state === 'after') {
        // The blank lines between the block and the answer belong to neither.
        held = held.replace(/^\s+/, '');
        if (!held) continue;
        state = 'plain';
        yield release()!;
      }
    }
  } catch (error) {
    // Words already received are handed over before the error (never from a `finally`:
    // a yield there would keep a consumer's `break` from closing the request).
    const rest = state === 'after' ? undefined : release();
    if (rest) yield rest;
    throw error;
  }
  const rest = state === 'after' ? undefined : release();
  if (rest) yield rest;
}

function partialTagLength(text: string): number {
  for (let n = Math.min(CLOSE.length - 1, text.length); n > 0; n--) {
    if (CLOSE.startsWith(text.slice(-n))) return n;
  }
  return 0;
}

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
export async function* referenceJoinSurrogates(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
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
