/**
 * A response body's chunks as one iterator with no generator of its own: each chunk costs the
 * source's promise and one reaction, not the few promise jobs of a generator layer. It is exactly
 *
 *     try { for await (const chunk of open()) yield chunk; }
 *     catch (error) { throw mapError(error); }
 *     finally { close(); }
 *
 * `open` runs at the first `next()`; `close` runs once when the chunks end, fail or the reader
 * stops (after the source is told to stop), and never for a reader that stops before it began.
 */
export function bodyChunks(open: () => AsyncIterable<Uint8Array>, mapError: (error: unknown) => unknown, close: () => void): AsyncIterableIterator<Uint8Array> {
  let source: AsyncIterator<Uint8Array> | undefined;
  let finished = false;
  const done = (): IteratorResult<Uint8Array> => ({ done: true, value: undefined });
  const step = (result: IteratorResult<Uint8Array>): IteratorResult<Uint8Array> => {
    if (!result.done) return result;
    finished = true;
    close();
    return done();
  };
  const fail = (error: unknown): never => {
    finished = true;
    let mapped: unknown;
    try {
      mapped = mapError(error);
    } finally {
      close();
    }
    throw mapped;
  };
  const iterator: AsyncIterableIterator<Uint8Array> = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      if (finished) return Promise.resolve(done());
      try {
        source ??= open()[Symbol.asyncIterator]();
        return source.next().then(step, fail);
      } catch (error) {
        // Opening failed: mapped and closed as a failed chunk would be, as a rejection.
        return Promise.resolve().then(() => fail(error));
      }
    },
    async return() {
      const reader = source;
      if (finished || !reader) {
        finished = true;
        return done();
      }
      finished = true;
      try {
        await reader.return?.();
      } finally {
        close();
      }
      return done();
    },
  };
  return iterator;
}
