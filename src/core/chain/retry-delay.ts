import { HttpStatusError, type G4fError } from '../../ground/errors.js';

export { sleep } from '../../stream/sleep.js';

/** Longest Retry-After honoured; a server asking for more is passed over instead. */
export const MAX_RETRY_AFTER_SECONDS = 60;

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;

/** Exponential backoff with jitter: about 0.5 s, 1 s, 2 s … for tries 1, 2, 3 …, capped at 8 s. */
export function backoffDelay(tryNumber: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (tryNumber - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Milliseconds to wait before trying the same provider again, or undefined to move on. */
export function retryWait(error: G4fError, tryNumber: number, retries: number): number | undefined {
  if (!error.retryable || tryNumber > retries) return undefined;
  if (error instanceof HttpStatusError && error.retryAfterSeconds !== undefined) {
    if (error.retryAfterSeconds > MAX_RETRY_AFTER_SECONDS) return undefined;
    return error.retryAfterSeconds * 1000;
  }
  return backoffDelay(tryNumber);
}
