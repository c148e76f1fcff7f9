import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trimToContext } from '../../src/core/answer/trim-context.js';
import { INPUT_HISTORY_LIMIT, InputHistory } from '../../src/repl/input-history.js';
import { tempHome } from '../helpers/run-cli.js';

describe('trimToContext', () => {
  const turn = (i: number, size: number) => [
    { role: 'user' as const, content: `q${i} ${'x'.repeat(size)}` },
    { role: 'assistant' as const, content: `a${i} ${'y'.repeat(size)}` },
  ];

  it('sends everything when it fits', () => {
    const messages = [{ role: 'system' as const, content: 'sys' }, ...turn(1, 10), { role: 'user' as const, content: 'now' }];
    expect(trimToContext(messages, 1000, 10)).toEqual({ messages, dropped: 0 });
  });

  it('keeps the system prompt and the newest turns, dropping the oldest first', () => {
    const messages = [{ role: 'system' as const, content: 'sys' }, ...turn(1, 400), ...turn(2, 400), ...turn(3, 400), { role: 'user' as const, content: 'now' }];
    const { messages: kept, dropped } = trimToContext(messages, 600, 100);
    expect(kept[0]).toEqual({ role: 'system', content: 'sys' });
    expect(kept.at(-1)).toEqual({ role: 'user', content: 'now' });
    expect(kept[1].role).toBe('user');
    expect(dropped).toBeGreaterThan(0);
    expect(kept.length + dropped).toBe(messages.length);
    expect(kept.map((m) => m.content.slice(0, 2))).toEqual(['sy', 'q2', 'a2', 'q3', 'a3', 'no']);
  });

  it('always keeps the newest message, however long', () => {
    const huge = { role: 'user' as const, content: 'z'.repeat(100_000) };
    expect(trimToContext([...turn(1, 10), huge], 100, 10).messages).toEqual([huge]);
  });
});

describe('InputHistory', () => {
  it('keeps entries across instances, newest first, privately, skipping lines with a leading space', async () => {
    const file = join(tempHome(), 'state', 'input-history');
    const history = new InputHistory(file);
    await history.add('first');
    await history.add(' private');
    await history.add('multi\nline');
    expect(await new InputHistory(file).load()).toEqual(['multi\nline', 'first']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it(`caps the file at ${INPUT_HISTORY_LIMIT} entries and skips a torn line`, async () => {
    const file = join(tempHome(), 'input-history');
    const lines = Array.from({ length: INPUT_HISTORY_LIMIT + 50 }, (_, i) => JSON.stringify(`entry ${i}`)).join('\n');
    writeFileSync(file, `${lines}\n"torn`);
    const loaded = await new InputHistory(file).load();
    expect(loaded).toHaveLength(INPUT_HISTORY_LIMIT);
    expect(loaded[0]).toBe(`entry ${INPUT_HISTORY_LIMIT + 49}`);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(INPUT_HISTORY_LIMIT);
  });
});
