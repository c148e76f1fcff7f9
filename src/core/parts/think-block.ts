import type { StreamPart } from '../../ground/types.js';

const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * Servers that inline reasoning put it in a `<think>…</think>` block at the very start of
 * the content. That block becomes reasoning parts; everything else passes through as it
 * came. Tags split across chunks are held until they can be told apart, and whatever is
 * held is handed over before an error or at the end, never lost.
 *
 * A step run by hand, part by part (the chain's attempt runs it without a generator layer of its
 * own, which costs every part a few promise jobs); `separateThinkBlock` is the same as a generator.
 */
export class ThinkBlockStep {
  private state: 'start' | 'inside' | 'after' | 'plain' = 'start';
  private held = '';

  /** Whether `push` would hand this part on as it is, alone, and change nothing. */
  passes(part: StreamPart): boolean {
    return part.type !== 'text' || this.state === 'plain';
  }

  /** One part in; what can be handed on now is appended to `out`. */
  push(part: StreamPart, out: StreamPart[]): void {
    if (part.type !== 'text' || this.state === 'plain') {
      out.push(part);
      return;
    }
    this.held += part.text;
    if (this.state === 'start') {
      const head = this.held.trimStart();
      if (head.length < OPEN.length && OPEN.startsWith(head)) return;
      if (!head.startsWith(OPEN)) {
        this.state = 'plain';
        out.push(this.release()!);
        return;
      }
      this.state = 'inside';
      this.held = head.slice(OPEN.length);
    }
    if (this.state === 'inside') {
      const held = this.held;
      const end = held.indexOf(CLOSE);
      if (end === -1) {
        // Keep back what could be the start of `</think>`.
        const keep = partialTagLength(held);
        const reasoning = held.slice(0, held.length - keep);
        this.held = held.slice(held.length - keep);
        if (reasoning) out.push({ type: 'reasoning', text: reasoning });
        return;
      }
      const reasoning = held.slice(0, end);
      if (reasoning) out.push({ type: 'reasoning', text: reasoning });
      this.held = held.slice(end + CLOSE.length);
      this.state = 'after';
    }
    if (this.state === 'after') {
      // The blank lines between the block and the answer belong to neither.
      this.held = this.held.replace(/^\s+/, '');
      if (!this.held) return;
      this.state = 'plain';
      out.push(this.release()!);
    }
  }

  /** The end of the stream, or an error: words already received are handed over (not blank lines after the block). */
  end(out: StreamPart[]): void {
    const rest = this.state === 'after' ? undefined : this.release();
    if (rest) out.push(rest);
  }

  private release(): StreamPart | undefined {
    const text = this.held;
    this.held = '';
    if (!text) return undefined;
    return this.state === 'inside' ? { type: 'reasoning', text } : { type: 'text', text };
  }
}

/** The think-block step as a generator over a stream of parts. */
export async function* separateThinkBlock(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
  const step = new ThinkBlockStep();
  const out: StreamPart[] = [];
  try {
    for await (const part of parts) {
      out.length = 0;
      step.push(part, out);
      for (const next of out) yield next;
    }
  } catch (error) {
    // Words already received are handed over before the error (never from a `finally`:
    // a yield there would keep a consumer's `break` from closing the request).
    out.length = 0;
    step.end(out);
    for (const next of out) yield next;
    throw error;
  }
  out.length = 0;
  step.end(out);
  for (const next of out) yield next;
}

function partialTagLength(text: string): number {
  for (let n = Math.min(CLOSE.length - 1, text.length); n > 0; n--) {
    if (CLOSE.startsWith(text.slice(-n))) return n;
  }
  return 0;
}
