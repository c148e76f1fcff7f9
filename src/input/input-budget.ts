import { UsageError } from '../core/errors.js';
import { formatBytes, nextLimit } from './text-bytes.js';

/**
 * The text bytes still allowed. Every reader asks before it reads, so an oversized file or
 * folder is refused from its size alone, naming the flag that raises the limit.
 */
export class InputBudget {
  used = 0;
  constructor(readonly limit: number, private readonly already = 0) {}

  /** Whether `bytes` more would still fit. */
  fits(bytes: number): boolean {
    return this.already + this.used + bytes <= this.limit;
  }

  /** Counts `bytes` from `what`, or refuses: nothing has been sent yet. */
  take(bytes: number, what: string): void {
    if (!this.fits(bytes)) throw overLimit(this.limit, this.already + this.used + bytes, what);
    this.used += bytes;
  }
}

export function overLimit(limit: number, atLeast: number, what: string): UsageError {
  return new UsageError(
    `the input is more than ${formatBytes(limit)} (at least ${formatBytes(atLeast)} with ${what}); nothing was sent`,
    `raise the limit with --max-input ${nextLimit(atLeast)}, or attach less`,
  );
}
