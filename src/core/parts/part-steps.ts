import type { StreamPart } from '../../ground/types.js';
import { SurrogateJoinStep } from './surrogate-join.js';
import { ThinkBlockStep } from './think-block.js';

/**
 * What every provider's parts go through before anyone sees them: the think block made
 * reasoning, then surrogate pairs joined — `joinSurrogates(separateThinkBlock(parts))` run by
 * hand, part by part, so that a part costs a few calls instead of two generator layers.
 */
export class PartSteps {
  private readonly think = new ThinkBlockStep();
  private readonly join = new SurrogateJoinStep();
  private readonly thought: StreamPart[] = [];
  /** Reused: what one call hands on, valid until the next call. */
  private readonly out: StreamPart[] = [];

  /** The parts one provider part gives now (often itself alone; none while a tag or half pair is held). */
  push(part: StreamPart): readonly StreamPart[] {
    const thought = this.thought;
    thought.length = 0;
    this.think.push(part, thought);
    return this.joined(thought);
  }

  /** What is still held, at the end of the stream or before its error. */
  end(): readonly StreamPart[] {
    const thought = this.thought;
    thought.length = 0;
    this.think.end(thought);
    const out = this.joined(thought);
    this.join.end(out);
    return out;
  }

  private joined(parts: readonly StreamPart[]): StreamPart[] {
    const out = this.out;
    out.length = 0;
    for (const part of parts) this.join.push(part, out);
    return out;
  }
}
