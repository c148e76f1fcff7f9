import type { EventTemplate } from './event-template.js';

/** The words of one network read, by kind, each in the order it came. */
export interface ReadWords {
  text: string;
  reasoning: string;
  refusal: string;
}

const LF = 10;
const CR = 13;

/**
 * Where the line after a line ending at `at` begins: past a LF, a CR LF or a lone CR. -1 when
 * no line ends at `at`, or when the text ends in a CR whose LF may open the next chunk.
 */
function afterLineEnd(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code === LF) return at + 1;
  if (code !== CR || at + 1 >= text.length) return -1;
  return text.charCodeAt(at + 1) === LF ? at + 2 : at + 1;
}

/**
 * Takes whole events of the template's shape straight from a chunk's decoded text, from `at`
 * (where the SSE decoder has nothing of an event pending): `data:`, one optional space, data
 * the template reads, the line's end and a blank line — exactly what the decoder would hand
 * over as one `message` event with that data. Their words are added to `words`; the answer is
 * where it stopped, `at` when it took nothing. Anything else is left to the decoder.
 *
 * A CR inside the line (a CR-only line ending) can never pass: the template's fixed text comes
 * from a line and holds none, and a string body holding a raw control character is refused.
 */
export function takeEvents(template: EventTemplate, text: string, at: number, words: ReadWords): number {
  let next = at;
  for (;;) {
    if (!text.startsWith('data:', next)) return next;
    let value = next + 5;
    if (text.charCodeAt(value) === 32 /* space */) value++;
    const lf = text.indexOf('\n', value);
    if (lf === -1) return next;
    const valueEnd = text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
    const after = afterLineEnd(text, lf + 1);
    if (after === -1) return next;
    const read = template.wordsAt(text, value, valueEnd);
    if (read === undefined) return next;
    if (template.kind === 'text') words.text += read;
    else words.reasoning += read;
    next = after;
  }
}
