import { TimeoutError } from '../../ground/errors.js';

export interface AttemptSignal {
  signal: AbortSignal;
  /** True when one of the attempt's own deadlines ended it (not the user's Ctrl-C). */
  expired(): boolean;
  /** The server began its answer: the chain's deadline no longer applies to this attempt. */
  started(): void;
  timeoutError(provider: string): TimeoutError;
  dispose(): void;
}

/**
 * The run's signal, plus the deadlines of one attempt: `maxTimeMs` for the attempt in all,
 * and the chain's deadline (epoch ms) until the server begins its answer.
 */
export function attemptSignal(outer: AbortSignal, maxTimeMs: number | undefined, chainDeadline: number | undefined): AttemptSignal {
  if (!maxTimeMs && chainDeadline === undefined) {
    return { signal: outer, expired: () => false, started() {}, timeoutError: () => new TimeoutError('timed out'), dispose() {} };
  }
  const controller = new AbortController();
  let expiredBy: 'max time' | 'chain' | undefined;
  const onAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  const expire = (why: 'max time' | 'chain') => {
    expiredBy = why;
    controller.abort(new Error(why));
  };
  const maxTimer = maxTimeMs ? setTimeout(() => expire('max time'), maxTimeMs) : undefined;
  let chainTimer = chainDeadline !== undefined ? setTimeout(() => expire('chain'), Math.max(0, chainDeadline - Date.now())) : undefined;
  const chainSeconds = chainDeadline !== undefined ? Math.round((chainDeadline - Date.now()) / 1000) : 0;
  return {
    signal: controller.signal,
    expired: () => expiredBy !== undefined,
    started() {
      clearTimeout(chainTimer);
      chainTimer = undefined;
    },
    timeoutError: (id: string) =>
      expiredBy === 'chain'
        ? Object.assign(new TimeoutError(`${id}: timed out: no answer began before the chain's deadline (${chainSeconds}s left when it was asked)`), {
            hint: 'raise the deadline with --chain-timeout <seconds>',
            firstByte: true,
          })
        : Object.assign(new TimeoutError(`${id}: timed out: no complete answer within ${Math.round(maxTimeMs! / 100) / 10}s`), {
            hint: 'raise the limit with --max-time <seconds>',
          }),
    dispose() {
      clearTimeout(maxTimer);
      clearTimeout(chainTimer);
      outer.removeEventListener('abort', onAbort);
    },
  };
}
