import type { StreamPart } from '../../ground/types.js';
import { SurrogateJoinStep } from './surrogate-join.js';
import { ThinkBlockStep } from './think-block.js';

/**
 * What every provider's parts go through before anyone sees them: the think block made
 * reasoning, then surrogate pairs joined — `joinSurrogates(separateThinkBlock(parts))` run by
 * hand, part by part, so that a part costs a few calls instead of two generator layers. A part
 * that neither step would change or hold (nearly every part) is handed on as it is, at once.
 */
export class PartSteps {
  private readonly think = new ThinkBlockStep();
  private readonly join = new SurrogateJoinStep();
  /** Reused for a part that goes through both steps unchanged: nearly every part. */
  private readonly one: StreamPart[] = [];

  /** The parts one provider part gives now (often itself alone; none while a tag or half pair is held). */
  push(part: StreamPart): readonly StreamPart[] {
    if (this.think.passes(part) && this.join.passes(part)) {
      this.one[0] = part;
      return this.one;
    }
    const thought: StreamPart[] = [];
    this.think.push(part, thought);
    return this.joined(thought);
  }

  /** What is still held, at the end of the stream or before its error. */
  end(): StreamPart[] {
    const thought: StreamPart[] = [];
    this.think.end(thought);
    const out = this.joined(thought);
    this.join.end(out);
    return out;
  }

  private joined(parts: readonly StreamPart[]): StreamPart[] {
    const out: StreamPart[] = [];
    for (const part of parts) this.join.push(part, out);
    return out;
  }
}
