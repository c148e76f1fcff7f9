import { describe, expect, it } from 'vitest';
import { bodyChunks } from '../../src/stream/body-chunks.js';

/** What the body's chunks were before: a generator around the source. */
async function* reference(open: () => AsyncIterable<Uint8Array>, mapError: (error: unknown) => unknown, close: () => void): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of open()) yield chunk;
  } catch (error) {
    throw mapError(error);
  } finally {
    close();
  }
}

interface Scenario {
  chunks: number;
  failAfter?: number;
  openFails: boolean;
  breakAfter?: number;
  /** The reader calls return() before its first next(). */
  stopsFirst: boolean;
}

async function run(make: typeof bodyChunks, s: Scenario) {
  const log: string[] = [];
  async function* source(): AsyncGenerator<Uint8Array> {
    log.push('source started');
    try {
      for (let i = 0; i < s.chunks; i++) {
        if (s.failAfter === i) throw new Error(`socket reset at ${i}`);
        yield Uint8Array.of(i);
      }
      if (s.failAfter === s.chunks) throw new Error('socket reset at the end');
    } finally {
      log.push('source closed');
    }
  }
  const open = () => {
    log.push('opened');
    if (s.openFails) throw new Error('no body');
    return source();
  };
  const iterator = make(open, (error) => new RangeError(`mapped: ${(error as Error).message}`), () => log.push('close'));
  const seen: number[] = [];
  let ended: string | undefined;
  try {
    if (s.stopsFirst) log.push(`return ${JSON.stringify(await iterator.return!())}`);
    for await (const chunk of { [Symbol.asyncIterator]: () => iterator }) {
      seen.push(chunk[0]!);
      if (s.breakAfter !== undefined && seen.length > s.breakAfter) break;
    }
    log.push(`after ${JSON.stringify(await iterator.next())}`);
  } catch (error) {
    ended = `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
  return { seen, ended, log };
}

function* scenarios(): Generator<Scenario> {
  for (const openFails of [false, true]) {
    for (const chunks of [0, 1, 3]) {
      for (const failAfter of [undefined, ...Array.from({ length: chunks + 1 }, (_, i) => i)]) {
        for (const breakAfter of [undefined, 0, 1, 2]) {
          for (const stopsFirst of [false, true]) yield { openFails, chunks, failAfter, breakAfter, stopsFirst };
        }
      }
    }
  }
}

describe("a response body's chunks without a generator layer", () => {
  it('hand on, map the error, close once and stop the source exactly as the generator did', async () => {
    let count = 0;
    for (const s of scenarios()) {
      const expected = await run(reference, s);
      expect({ s, ...(await run(bodyChunks, s)) }).toEqual({ s, ...expected });
      count++;
    }
    expect(count).toBe(160);
  });

  it('open at the first next(), not before', async () => {
    let opened = 0;
    const chunks = bodyChunks(
      () => {
        opened++;
        return (async function* () {})();
      },
      (error) => error,
      () => {},
    );
    expect(opened).toBe(0);
    expect(await chunks.next()).toEqual({ done: true, value: undefined });
    expect(opened).toBe(1);
  });
});
