import { TimeoutError } from '../ground/errors.js';

/**
 * The longest one attachment may take in all (`--max-time`), apart from Ctrl-C: a server
 * that trickles a byte at a time is never silent long enough for the silence limit, and
 * must still end. When the deadline ends the read, `error` says so (a failure, not an
 * interruption).
 */
export function readDeadline(maxTimeMs: number | undefined, interrupt: AbortSignal | undefined) {
  const controller = new AbortController();
  const timer = maxTimeMs === undefined ? undefined : setTimeout(() => controller.abort(), maxTimeMs);
  return {
    signal: interrupt ? AbortSignal.any([interrupt, controller.signal]) : controller.signal,
    /** The deadline passed (and Ctrl-C was not what stopped the read). */
    expired: () => controller.signal.aborted && !interrupt?.aborted,
    error(what: string): TimeoutError {
      const error = new TimeoutError(`--max-time ${Math.round(maxTimeMs! / 100) / 10}s reached while reading ${what}`);
      error.hint = 'raise the limit with --max-time <seconds>, or save the page and attach the file';
      return error;
    },
    dispose: () => clearTimeout(timer),
  };
}
