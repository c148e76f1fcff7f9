import { describe, expect, it } from 'vitest';
import { separateThinkBlock } from '../../src/core/parts/think-block.js';
import type { StreamPart } from '../../src/ground/types.js';
import { drain, partsOf } from './fakes.js';

const text = (t: string): StreamPart => ({ type: 'text', text: t });

/** Runs the chunks through and merges neighbouring parts of one kind, as a reader sees them. */
async function separate(chunks: string[], error?: Error) {
  const { parts, error: thrown } = await drain(separateThinkBlock(partsOf(chunks.map(text), error)));
  return { parts, merged: merge(parts), error: thrown };
}

function merge(parts: StreamPart[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of parts) {
    if (part.type !== 'text' && part.type !== 'reasoning') continue;
    const last = out.at(-1);
    if (last && last[0] === part.type) last[1] += part.text;
    else out.push([part.type, part.text]);
  }
  return out;
}

/** Every way of cutting `whole` into two or three chunks. */
function splits(whole: string): string[][] {
  const out: string[][] = [];
  for (let i = 1; i < whole.length; i++) {
    out.push([whole.slice(0, i), whole.slice(i)]);
    for (let j = i + 1; j < whole.length; j++) out.push([whole.slice(0, i), whole.slice(i, j), whole.slice(j)]);
  }
  return out;
}

describe('separateThinkBlock', () => {
  it('a think block at the start becomes reasoning; the blank lines after it belong to neither', async () => {
    expect((await separate(['<think>weighing it</think>\n\nThe answer.'])).merged).toEqual([
      ['reasoning', 'weighing it'],
      ['text', 'The answer.'],
    ]);
  });

  it('`</think>` split right after its `<` is still the end of the block', async () => {
    const { parts } = await separate(['<think>abc<', '/think>answer']);
    expect(parts).toEqual([
      { type: 'reasoning', text: 'abc' },
      { type: 'text', text: 'answer' },
    ]);
  });

  it('gives the same result however the stream is cut', async () => {
    const whole = '  <think>a<b</think>\n ok</think>';
    for (const chunks of splits(whole)) {
      expect((await separate(chunks)).merged, JSON.stringify(chunks)).toEqual([
        ['reasoning', 'a<b'],
        ['text', 'ok</think>'],
      ]);
    }
  });

  it('reasoning streams as it comes, holding back only what could begin `</think>`', async () => {
    const { parts } = await separate(['<think>one ', 'two </th', 'ink>three']);
    expect(parts).toEqual([
      { type: 'reasoning', text: 'one ' },
      { type: 'reasoning', text: 'two ' },
      { type: 'text', text: 'three' },
    ]);
  });

  it('text that does not open with <think> passes through as it came', async () => {
    expect((await separate(['<thing> is ', 'here'])).parts).toEqual([text('<thing> is '), text('here')]);
    expect((await separate(['plain <think>not reasoning</think>'])).parts).toEqual([text('plain <think>not reasoning</think>')]);
    expect((await separate(['<', 'b>bold'])).parts).toEqual([text('<b>bold')]);
  });

  it('what looked like the start of a tag is handed over at the end', async () => {
    expect((await separate(['  <thi'])).parts).toEqual([text('  <thi')]);
  });

  it('a block never closed is all reasoning, a held `</th` included', async () => {
    expect((await separate(['<think>still thinking </th'])).merged).toEqual([['reasoning', 'still thinking </th']]);
  });

  it('nothing after the block is nothing, not an empty part', async () => {
    const { parts } = await separate(['<think>r</think>', '\n\n']);
    expect(parts).toEqual([{ type: 'reasoning', text: 'r' }]);
  });

  it('an empty block gives no empty reasoning part', async () => {
    expect((await separate(['<think></think>answer'])).parts).toEqual([text('answer')]);
  });

  it('parts that are not text pass through in order', async () => {
    const start: StreamPart = { type: 'start', provider: 'p', model: 'm' };
    const finish: StreamPart = { type: 'finish', reason: 'stop' };
    const { parts } = await drain(separateThinkBlock(partsOf([start, text('<think>r'), { type: 'reasoning', text: 'native' }, text('</think>a'), finish])));
    expect(parts).toEqual([start, { type: 'reasoning', text: 'r' }, { type: 'reasoning', text: 'native' }, text('a'), finish]);
  });

  it('after the block, later text is passed on as it comes', async () => {
    expect((await separate(['<think>r</think>a', 'b', '<think>c'])).parts).toEqual([{ type: 'reasoning', text: 'r' }, text('a'), text('b'), text('<think>c')]);
  });

  it('words held back are handed over before an error, of the kind they were', async () => {
    const failure = new Error('connection reset');
    const inside = await separate(['<think>abc</thi'], failure);
    expect(inside.merged).toEqual([['reasoning', 'abc</thi']]);
    expect(inside.error).toBe(failure);
    const start = await separate(['<thi'], failure);
    expect(start.parts).toEqual([text('<thi')]);
    expect(start.error).toBe(failure);
    const after = await separate(['<think>r</think>\n'], failure);
    expect(after.parts).toEqual([{ type: 'reasoning', text: 'r' }]);
    expect(after.error).toBe(failure);
  });
});
