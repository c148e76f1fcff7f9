import { describe, expect, it } from 'vitest';
import { driveTries, type TryParts } from '../../src/core/chain/attempt-driver.js';
import type { StreamPart } from '../../src/ground/types.js';

/** One try: its parts, then how it ends (a result, or an error thrown). */
interface TryScript {
  parts: number;
  ends: 'ok' | 'failed' | 'throws';
}

interface Scenario {
  tries: TryScript[];
  /** The chain's logic catches a try's error and moves on, instead of letting it out. */
  catches: boolean;
  /** The chain's logic fails after this try's result. */
  failsAfter?: number;
  breakAfter?: number;
}

async function* oneTry(script: TryScript, index: number, log: string[]): TryParts<string> {
  log.push(`try ${index}`);
  try {
    for (let i = 0; i < script.parts; i++) yield { type: 'text', text: `${index}.${i}` };
    if (script.ends === 'throws') throw new Error(`try ${index} threw`);
    return script.ends;
  } finally {
    log.push(`try ${index} closed`);
  }
}

/** The chain's logic as it was: every try delegated to with `yield*`. */
async function* delegating(s: Scenario, log: string[]): AsyncGenerator<StreamPart> {
  try {
    for (let i = 0; i < s.tries.length; i++) {
      let result: string;
      try {
        result = yield* oneTry(s.tries[i]!, i, log);
      } catch (error) {
        log.push(`caught ${(error as Error).message}`);
        if (s.catches) continue;
        throw error;
      }
      log.push(`result ${result}`);
      if (s.failsAfter === i) throw new Error(`logic failed after ${i}`);
      if (result === 'ok') return;
    }
  } finally {
    log.push('logic closed');
  }
}

/** The same logic yielding each try to driveTries. */
async function* yielding(s: Scenario, log: string[]): AsyncGenerator<TryParts<string>, void, string> {
  try {
    for (let i = 0; i < s.tries.length; i++) {
      let result: string;
      try {
        result = yield oneTry(s.tries[i]!, i, log);
      } catch (error) {
        log.push(`caught ${(error as Error).message}`);
        if (s.catches) continue;
        throw error;
      }
      log.push(`result ${result}`);
      if (s.failsAfter === i) throw new Error(`logic failed after ${i}`);
      if (result === 'ok') return;
    }
  } finally {
    log.push('logic closed');
  }
}

async function run(parts: (log: string[]) => AsyncIterable<StreamPart>, s: Scenario) {
  const log: string[] = [];
  const seen: string[] = [];
  let ended: string | undefined;
  const iterable = parts(log);
  try {
    for await (const part of iterable) {
      seen.push(part.type === 'text' ? part.text : part.type);
      if (s.breakAfter !== undefined && seen.length > s.breakAfter) break;
    }
    const after = await iterable[Symbol.asyncIterator]().next();
    log.push(`after: ${JSON.stringify(after)}`);
  } catch (error) {
    ended = (error as Error).message;
  }
  return { seen, ended, log };
}

function* scenarios(): Generator<Scenario> {
  const scripts: TryScript[] = [];
  for (const parts of [0, 1, 2]) for (const ends of ['ok', 'failed', 'throws'] as const) scripts.push({ parts, ends });
  for (const first of scripts) {
    for (const second of scripts) {
      for (const catches of [false, true]) {
        for (const failsAfter of [undefined, 0, 1]) {
          for (const breakAfter of [undefined, 0, 1, 2, 3]) yield { tries: [first, second], catches, failsAfter, breakAfter };
        }
      }
    }
  }
}

describe('the chain’s tries read without delegating generators', () => {
  it('give the parts, results, errors and closes that `yield*` gave, for every way tries end and readers stop', async () => {
    let count = 0;
    for (const s of scenarios()) {
      const expected = await run((log) => delegating(s, log), s);
      const got = await run((log) => driveTries(yielding(s, log)), s);
      expect({ s, ...got }).toEqual({ s, ...expected });
      count++;
    }
    expect(count).toBe(2430);
  });

  it('start the chain’s logic at the first next(), not before', async () => {
    const log: string[] = [];
    const parts = driveTries(yielding({ tries: [{ parts: 1, ends: 'ok' }], catches: false }, log));
    expect(log).toEqual([]);
    expect(await parts.next()).toEqual({ done: false, value: { type: 'text', text: '0.0' } });
    expect(log).toEqual(['try 0']);
  });

  it('a reader that stops before reading, or stops twice, gets what `yield*` gave and starts nothing', async () => {
    const s: Scenario = { tries: [{ parts: 1, ends: 'ok' }], catches: false };
    const stop = async (parts: AsyncIterator<StreamPart>, log: string[]) => {
      const steps = [await parts.return!(), await parts.return!(), await parts.next()];
      return { steps, log };
    };
    const expectedLog: string[] = [];
    const gotLog: string[] = [];
    const expected = await stop(delegating(s, expectedLog), expectedLog);
    expect(await stop(driveTries(yielding(s, gotLog)), gotLog)).toEqual(expected);
    expect(expected.log).toEqual([]);
  });
});
