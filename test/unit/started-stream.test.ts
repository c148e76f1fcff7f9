import { describe, expect, it } from 'vitest';
import { startedStream, type Opened } from '../../src/providers/openai/started-stream.js';
import { NetworkError, ServerError } from '../../src/ground/errors.js';
import type { StreamPart } from '../../src/ground/types.js';

/** The generator the provider was before: the same steps, as `yield first; yield* rest`. */
async function* reference(open: () => Promise<Opened>, mapError?: (error: unknown) => unknown): AsyncGenerator<StreamPart> {
  const opened = await open();
  yield opened.first;
  try {
    yield* opened.rest as AsyncIterable<StreamPart> & AsyncIterator<StreamPart>;
  } catch (error) {
    throw mapError ? mapError(error) : error;
  }
}

interface Scenario {
  openFails: boolean;
  parts: number;
  failAfter?: number;
  mapped: boolean;
  breakAfter?: number;
}

/** Runs one scenario through `make`: what the consumer saw, what it ended with, what ran. */
async function run(make: typeof startedStream, s: Scenario) {
  const log: string[] = [];
  async function* rest(): AsyncGenerator<StreamPart> {
    log.push('rest started');
    try {
      for (let i = 0; i < s.parts; i++) {
        if (s.failAfter === i) throw new ServerError(`failed at ${i}`);
        yield { type: 'text', text: `t${i}` };
      }
      if (s.failAfter === s.parts) throw new ServerError('failed at the end');
    } finally {
      log.push('rest closed');
    }
  }
  const open = async (): Promise<Opened> => {
    log.push('opened');
    if (s.openFails) throw new NetworkError('refused');
    return { first: { type: 'start', provider: 'p', model: 'm' }, rest: rest() };
  };
  const mapError = s.mapped ? (error: unknown) => new ServerError(`explained: ${(error as Error).message}`) : undefined;
  const seen: StreamPart[] = [];
  let ended: string | undefined;
  try {
    for await (const part of make(open, mapError)) {
      seen.push(part);
      if (s.breakAfter !== undefined && seen.length > s.breakAfter) break;
    }
  } catch (error) {
    ended = `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
  return { seen, ended, log };
}

function* scenarios(): Generator<Scenario> {
  for (const openFails of [false, true]) {
    for (const parts of [0, 1, 3]) {
      for (const failAfter of [undefined, ...Array.from({ length: parts + 1 }, (_, i) => i)]) {
        for (const mapped of [false, true]) {
          for (const breakAfter of [undefined, 0, 1, 2, 3]) yield { openFails, parts, failAfter, mapped, breakAfter };
        }
      }
    }
  }
}

describe('a started stream without a generator layer', () => {
  it('hands on, fails, maps errors and closes exactly as `yield first; yield* rest` did', async () => {
    let count = 0;
    for (const s of scenarios()) {
      const expected = await run(reference, s);
      expect({ s, ...(await run(startedStream, s)) }).toEqual({ s, ...expected });
      count++;
    }
    expect(count).toBe(200);
  });

  it('runs the request only at the first next(), as a generator body would', async () => {
    let opened = 0;
    const stream = startedStream(async () => {
      opened++;
      return { first: { type: 'start', provider: 'p', model: 'm' }, rest: (async function* () {})() };
    });
    expect(opened).toBe(0);
    expect(await stream.next()).toEqual({ done: false, value: { type: 'start', provider: 'p', model: 'm' } });
    expect(opened).toBe(1);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(await stream.return!()).toEqual({ done: true, value: undefined });
  });
});
