import type { StreamPart } from '../../ground/types.js';

const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * Servers that inline reasoning put it in a `<think>…</think>` block at the very start of
 * the content. That block becomes reasoning parts; everything else passes through as it
 * came. Tags split across chunks are held until they can be told apart, and whatever is
 * held is handed over before an error or at the end, never lost.
 */
export async function* separateThinkBlock(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
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
