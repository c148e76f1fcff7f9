import { describe, expect, it } from 'vitest';
import { joinSurrogates } from '../../src/core/parts/surrogate-join.js';
import type { StreamPart } from '../../src/ground/types.js';
import { drain, partsOf } from './fakes.js';

const text = (t: string): StreamPart => ({ type: 'text', text: t });
const reasoning = (t: string): StreamPart => ({ type: 'reasoning', text: t });
const join = async (parts: StreamPart[], error?: Error) => drain(joinSurrogates(partsOf(parts, error)));

/** 🔵 is U+1F535: the pair D83D DD35. */
const HIGH = '\ud83d';
const LOW = '\udd35';

describe('joinSurrogates', () => {
  it('an emoji cut between its halves arrives whole', async () => {
    const { parts } = await join([text(`blue ${HIGH}`), text(`${LOW} dot`)]);
    expect(parts).toEqual([text('blue '), text('🔵 dot')]);
    expect(parts.map((p) => ('text' in p ? p.text : '')).join('')).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('a delta that is only the first half is held whole, without an empty part', async () => {
    expect((await join([text(HIGH), text(LOW)])).parts).toEqual([text('🔵')]);
  });

  it('holds only the first half of a pair: every high surrogate, no low one, no whole pair', async () => {
    for (const high of ['\ud800', '\udbff']) expect((await join([text(`a${high}`), text('\udc00')])).parts).toEqual([text('a'), text(`${high}\udc00`)]);
    for (const other of ['\ud7ff', '\udc00', '\ue000', '🔵', 'z']) expect((await join([text(`a${other}`), text('b')])).parts).toEqual([text(`a${other}`), text('b')]);
  });

  it('reasoning and refusals are joined the same way', async () => {
    expect((await join([reasoning(`r${HIGH}`), reasoning(LOW)])).parts).toEqual([reasoning('r'), reasoning('🔵')]);
    expect((await join([{ type: 'refusal', text: HIGH }, { type: 'refusal', text: LOW }])).parts).toEqual([{ type: 'refusal', text: '🔵' }]);
  });

  it('a half followed by words of another kind is handed over alone, before them', async () => {
    expect((await join([reasoning(`r${HIGH}`), text('t')])).parts).toEqual([reasoning('r'), reasoning(HIGH), text('t')]);
  });

  it('a half is handed over before a part that is not words', async () => {
    const finish: StreamPart = { type: 'finish', reason: 'stop' };
    expect((await join([text(`a${HIGH}`), finish])).parts).toEqual([text('a'), text(HIGH), finish]);
    const start: StreamPart = { type: 'start', provider: 'p', model: 'm' };
    expect((await join([start, text('x')])).parts).toEqual([start, text('x')]);
  });

  it('a half left at the end, or before an error, is never lost', async () => {
    expect((await join([text(`end${HIGH}`)])).parts).toEqual([text('end'), text(HIGH)]);
    const failure = new Error('reset');
    const cut = await join([text(`x${HIGH}`)], failure);
    expect(cut.parts).toEqual([text('x'), text(HIGH)]);
    expect(cut.error).toBe(failure);
    const clean = await join([text('x')], failure);
    expect(clean.parts).toEqual([text('x')]);
    expect(clean.error).toBe(failure);
  });

  it('a part keeps its other fields', async () => {
    expect((await join([{ type: 'refusal', text: `no${HIGH}`, note: true }, { type: 'refusal', text: LOW, note: true }])).parts).toEqual([
      { type: 'refusal', text: 'no', note: true },
      { type: 'refusal', text: '🔵', note: true },
    ]);
  });
});
