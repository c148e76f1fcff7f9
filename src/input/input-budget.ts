import { UsageError } from '../ground/errors.js';
import { formatBytes, nextLimit } from './text-bytes.js';

/**
 * The text bytes still allowed. Every reader asks before it reads, so an oversized file or
 * folder is refused from its size alone, naming the flag that raises the limit.
 */
export class InputBudget {
  private used = 0;
  constructor(
    readonly limit: number,
    private readonly already = 0,
  ) {}

  get remaining(): number {
    return this.limit - this.already - this.used;
  }

  /** The refusal for `bytes` more from `what`: nothing has been sent yet. */
  refuse(bytes: number, what: string): UsageError {
    const atLeast = this.already + this.used + bytes;
    return new UsageError(
      `the input is more than ${formatBytes(this.limit)} (at least ${formatBytes(atLeast)} with ${what}); nothing was sent`,
      `raise the limit with --max-input ${nextLimit(atLeast)}, or attach less`,
    );
  }

  /** Counts `bytes` from `what`, or refuses. */
  take(bytes: number, what: string): void {
    if (bytes > this.remaining) throw this.refuse(bytes, what);
    this.used += bytes;
  }
}
