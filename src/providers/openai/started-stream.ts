import type { StreamPart } from '../../ground/types.js';

/** What a provider's request gives once answered: its first part, and the reader of the rest. */
export interface Opened {
  first: StreamPart;
  rest: AsyncIterator<StreamPart>;
}

/**
 * `yield first; yield* rest` (with the rest's errors passed through `mapError`), without a
 * generator of its own: each part of the rest is the rest's own promise, not a few more promise
 * jobs for one more layer. `open` runs at the first `next()`, as a generator's body would;
 * `return()` (a consumer's `break`) closes the rest, whose `finally` ends the request.
 */
export function startedStream(open: () => Promise<Opened>, mapError?: (error: unknown) => unknown): AsyncIterableIterator<StreamPart> {
  let rest: AsyncIterator<StreamPart> | undefined;
  let finished = false;
  const done = (): IteratorResult<StreamPart> => ({ done: true, value: undefined });
  const failed = (error: unknown) => {
    finished = true;
    throw mapError ? mapError(error) : error;
  };
  const iterator: AsyncIterableIterator<StreamPart> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      if (finished) return done();
      if (rest) {
        if (!mapError) return rest.next();
        return rest.next().then(undefined, failed);
      }
      try {
        const opened = await open();
        rest = opened.rest;
        return { done: false, value: opened.first };
      } catch (error) {
        // The request's own failure, as it came (not the rest's).
        finished = true;
        throw error;
      }
    },
    async return() {
      if (finished) return done();
      finished = true;
      const reader = rest;
      if (reader?.return) await reader.return();
      return done();
    },
  };
  return iterator;
}
