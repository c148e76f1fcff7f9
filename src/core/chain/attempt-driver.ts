import type { StreamPart } from '../../ground/types.js';

/** One try at one provider: its parts as they come, and how it ended. */
export type TryParts<R> = AsyncGenerator<StreamPart, R>;

/**
 * The parts of a chain, read with no generator layer between a try's parts and the reader.
 * `control` is the chain's own logic (which provider, retries, moving on) as a generator that
 * yields each try and receives how it ended; it is exactly `yield* tryParts` written as
 * `yield tryParts`: a try's parts go to the reader straight from the try, one promise reaction
 * each, instead of through two delegating generators (each a few promise jobs a part).
 * A try's error is thrown into `control` where it yielded the try, as `yield*` would; the
 * reader's `return()` closes the try, then `control`, as `yield*` would.
 */
export function driveTries<R>(control: AsyncGenerator<TryParts<R>, void, R>): AsyncIterableIterator<StreamPart> {
  let current: TryParts<R> | undefined;
  let finished = false;
  const done = (): IteratorResult<StreamPart> => ({ done: true, value: undefined });
  const fail = (error: unknown): never => {
    finished = true;
    current = undefined;
    throw error;
  };
  const fromControl = (step: IteratorResult<TryParts<R>, void>): IteratorResult<StreamPart> | Promise<IteratorResult<StreamPart>> => {
    if (step.done) {
      finished = true;
      return done();
    }
    current = step.value;
    return pull(step.value);
  };
  const pull = (attempt: TryParts<R>): Promise<IteratorResult<StreamPart>> =>
    attempt.next().then(
      (result) => {
        if (!result.done) return result;
        current = undefined;
        return control.next(result.value).then(fromControl, fail);
      },
      (error: unknown) => {
        current = undefined;
        return control.throw(error).then(fromControl, fail);
      },
    );
  const iterator: AsyncIterableIterator<StreamPart> = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      if (finished) return Promise.resolve(done());
      if (current) return pull(current);
      // The first call: the chain's logic starts (a generator ignores the first value it is sent).
      return control.next(undefined as R).then(fromControl, fail);
    },
    async return() {
      if (finished) return done();
      finished = true;
      const attempt = current;
      current = undefined;
      try {
        if (attempt) await attempt.return(undefined as R);
      } finally {
        await control.return();
      }
      return done();
    },
  };
  return iterator;
}
