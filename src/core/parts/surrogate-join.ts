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
 *
 * A step run by hand, part by part, like ThinkBlockStep; `joinSurrogates` is the same as a generator.
 */
export class SurrogateJoinStep {
  private held: WordPart | undefined;

  /** Whether `push` would hand this part on as it is, alone, and change nothing. */
  passes(part: StreamPart): boolean {
    return this.held === undefined && (!isWords(part) || !endsInHighSurrogate(part.text));
  }

  /** One part in; what can be handed on now is appended to `out`. */
  push(part: StreamPart, out: StreamPart[]): void {
    if (!isWords(part)) {
      this.end(out);
      out.push(part);
      return;
    }
    let whole: WordPart = part;
    const held = this.held;
    if (held) {
      if (held.type === part.type) whole = { ...part, text: held.text + part.text };
      else out.push(held);
      this.held = undefined;
    }
    if (!endsInHighSurrogate(whole.text)) {
      out.push(whole);
      return;
    }
    const head = whole.text.slice(0, -1);
    if (head) out.push({ ...whole, text: head });
    this.held = { ...whole, text: whole.text.slice(-1) };
  }

  /** The end of the stream, or an error: held text is handed over (a lone half stays what it was). */
  end(out: StreamPart[]): void {
    const rest = this.held;
    this.held = undefined;
    if (rest) out.push(rest);
  }
}

/** The surrogate-joining step as a generator over a stream of parts. */
export async function* joinSurrogates(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
  const step = new SurrogateJoinStep();
  const out: StreamPart[] = [];
  try {
    for await (const part of parts) {
      out.length = 0;
      step.push(part, out);
      for (const next of out) yield next;
    }
  } catch (error) {
    // As in think-block.ts: handed over here, never from a `finally`.
    out.length = 0;
    step.end(out);
    for (const next of out) yield next;
    throw error;
  }
  out.length = 0;
  step.end(out);
  for (const next of out) yield next;
}
