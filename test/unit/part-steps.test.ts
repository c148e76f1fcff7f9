import { describe, expect, it } from 'vitest';
import { PartSteps } from '../../src/core/parts/part-steps.js';
import { separateThinkBlock } from '../../src/core/parts/think-block.js';
import { joinSurrogates } from '../../src/core/parts/surrogate-join.js';
import { streamChain } from '../../src/core/chain/chain.js';
import { ServerError } from '../../src/ground/errors.js';
import type { StreamPart } from '../../src/ground/types.js';
import { referenceJoinSurrogates, referenceThinkBlock } from './reference/part-generators.js';
import { chainOptions, drain, keyedProvider, link, partsOf, request } from './fakes.js';

type WordsType = 'text' | 'reasoning' | 'refusal';

/** Texts that exercise every state: tags whole, cut and false, blank lines, pairs and lone halves. */
const TEXTS = [
  '<think>why</think>\n\nbecause',
  '  \n<think>a</thi</think>  b',
  '<thinking> is not a tag',
  '<think>never closed',
  '<think></think>',
  '<think>x</think>\n\n',
  'plain 🙂 text 😀😀',
  '<think>🙂</think>🔵 done',
  'lone \ud83d then \udd35 and \ud83d',
  '<th',
  '',
  '   ',
  '<think>a</think><think>b</think>',
];

/** A text cut at the given offsets (UTF-16 code units: an emoji may be cut between its halves). */
function cut(text: string, at: number[]): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const to of at) {
    pieces.push(text.slice(from, to));
    from = to;
  }
  pieces.push(text.slice(from));
  return pieces;
}

/** Every way to cut a text in one or two places, and some random cuts into many pieces. */
function* splits(text: string): Generator<string[]> {
  yield [text];
  for (let a = 0; a <= text.length; a++) {
    yield cut(text, [a]);
    for (let b = a; b <= text.length; b++) yield cut(text, [a, b]);
  }
  let seed = text.length + 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let n = 0; n < 40; n++) {
    const at = Array.from({ length: 1 + Math.floor(random() * text.length) }, () => Math.floor(random() * (text.length + 1))).sort((x, y) => x - y);
    yield cut(text, at);
  }
}

/** A provider's parts: start, the pieces (of one kind, or kinds taking turns), a tool call among them, finish. */
function partsFor(pieces: string[], kinds: WordsType[], withCall: boolean): StreamPart[] {
  const parts: StreamPart[] = [{ type: 'start', provider: 'p', model: 'm' }];
  pieces.forEach((text, i) => {
    if (withCall && i === 1) parts.push({ type: 'tool-call', id: 'c', name: 'n', arguments: '{}' });
    parts.push({ type: kinds[i % kinds.length]!, text } as StreamPart);
  });
  parts.push({ type: 'finish', reason: 'stop' });
  return parts;
}

async function reference(parts: StreamPart[], error?: Error) {
  return drain(referenceJoinSurrogates(referenceThinkBlock(partsOf(parts, error))));
}

function bySteps(parts: StreamPart[]): StreamPart[] {
  const steps = new PartSteps();
  const out: StreamPart[] = [];
  for (const part of parts) out.push(...steps.push(part));
  out.push(...steps.end());
  return out;
}

/** Every case: each text, split every way, as text, as reasoning, as kinds taking turns, with and without a tool call. */
function* cases(): Generator<StreamPart[]> {
  const kindSets: WordsType[][] = [['text'], ['reasoning'], ['text', 'reasoning'], ['refusal', 'text']];
  for (const text of TEXTS) {
    for (const pieces of splits(text)) {
      for (const kinds of kindSets) {
        yield partsFor(pieces, kinds, false);
        if (pieces.length > 1) yield partsFor(pieces, kinds, true);
      }
    }
  }
}

describe('the think-block and surrogate steps, run by hand', () => {
  it('give what the generators gave, for every split of every text, at the end and before an error', async () => {
    let count = 0;
    for (const parts of cases()) {
      const expected = await reference(parts);
      expect(bySteps(parts)).toEqual(expected.parts);
      // Cut off before the finish by an error: what was held is handed over first, then the error.
      const cutOff = parts.slice(0, -1);
      const failed = await reference(cutOff, new ServerError('gone'));
      expect(bySteps(cutOff)).toEqual(failed.parts);
      count++;
    }
    expect(count).toBeGreaterThan(5000);
  });

  it('as generators, give what they gave before, parts and error alike', async () => {
    for (const parts of cases()) {
      const error = new ServerError('gone');
      expect(await drain(separateThinkBlock(partsOf(parts, error)))).toEqual(await drain(referenceThinkBlock(partsOf(parts, error))));
      expect(await drain(joinSurrogates(partsOf(parts, error)))).toEqual(await drain(referenceJoinSurrogates(partsOf(parts, error))));
    }
  });

  it('the chain hands on what the generators gave, with the error after the held words', async () => {
    let n = 0;
    for (const parts of cases()) {
      if (n++ % 7 !== 0) continue;
      const ok = keyedProvider('k', { scripts: [{ parts }] });
      expect((await drain(streamChain([link(ok, 'keyed')], request(), chainOptions()))).parts).toEqual((await reference(parts)).parts);
      const cutOff = parts.slice(0, -1);
      const broken = keyedProvider('k', { scripts: [{ parts: cutOff, error: new ServerError('gone') }] });
      const options = chainOptions();
      const got = await drain(streamChain([link(broken, 'keyed')], request(), options));
      const expected = await reference(cutOff, new ServerError('gone'));
      expect(got.parts).toEqual(expected.parts);
      expect(got.error).toBeDefined();
      const visible = expected.parts.some((p) => p.type !== 'start' && p.type !== 'finish');
      expect(options.attempts.at(-1)!.outcome).toBe(visible ? 'cut short' : 'failed');
    }
  });

  it('a consumer that stops reading closes the provider, and nothing held is handed on after', async () => {
    let closed = false;
    const provider = keyedProvider('k');
    provider.stream = async function* () {
      try {
        yield { type: 'start', provider: 'k', model: 'm' };
        yield { type: 'text', text: 'a\ud83d' };
        yield { type: 'text', text: '\udd35b' };
      } finally {
        closed = true;
      }
    };
    const seen: StreamPart[] = [];
    for await (const part of streamChain([link(provider, 'keyed')], request(), chainOptions())) {
      seen.push(part);
      if (part.type === 'text') break;
    }
    expect(seen).toEqual([{ type: 'start', provider: 'k', model: 'm' }, { type: 'text', text: 'a' }]);
    expect(closed).toBe(true);
  });
});
