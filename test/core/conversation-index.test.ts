import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listWithIndex } from '../../src/store/conversations/conversation-index.js';
import type { ConversationSummary } from '../../src/store/conversations/conversation-types.js';

// The history listing: summaries from the index while a file's size and time are unchanged,
// made afresh otherwise, newest first by the ISO time of the last message.
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folderWith(updated: Record<string, string>): { dir: string; summarize: (id: string) => Promise<ConversationSummary>; calls: string[] } {
  const home = mkdtempSync(join(tmpdir(), 'g4f-index-'));
  dirs.push(home);
  const dir = join(home, 'conversations');
  mkdirSync(dir);
  for (const id of Object.keys(updated)) writeFileSync(join(dir, `${id}.jsonl`), `{"id":"${id}"}\n`);
  const calls: string[] = [];
  const summarize = async (id: string) => {
    calls.push(id);
    if (!(id in updated)) throw new Error('not ours');
    return { id, title: `title ${id}`, updated: updated[id], messages: 2 };
  };
  return { dir, summarize, calls };
}

describe('listWithIndex', () => {
  it('lists newest first by the time of the last message, milliseconds and years included', async () => {
    const { dir, summarize } = folderWith({
      a: '2026-01-01T00:00:00.000Z',
      b: '2026-01-01T00:00:00.001Z',
      c: '2025-12-31T23:59:59.999Z',
      d: '2027-01-01T00:00:00.000Z',
      e: '2026-01-01T00:00:01.000Z',
    });
    const listed = await listWithIndex(dir, summarize);
    expect(listed.map((s) => s.id)).toEqual(['d', 'e', 'b', 'a', 'c']);
  });

  it('summarises each file once, then reads the index until a file changes', async () => {
    const { dir, summarize, calls } = folderWith({ a: '2026-01-01T00:00:00.000Z', b: '2026-01-02T00:00:00.000Z' });
    await listWithIndex(dir, summarize);
    expect(calls.sort()).toEqual(['a', 'b']);
    const index = JSON.parse(readFileSync(`${dir}.index.json`, 'utf8'));
    expect(Object.keys(index.entries).sort()).toEqual(['a', 'b']);
    calls.length = 0;
    expect((await listWithIndex(dir, summarize)).map((s) => s.id)).toEqual(['b', 'a']);
    expect(calls).toEqual([]);
    writeFileSync(join(dir, 'a.jsonl'), '{"id":"a"}\n{"more":true}\n');
    await listWithIndex(dir, summarize);
    expect(calls).toEqual(['a']);
  });

  it('leaves out a file it cannot summarise and one that vanished, and drops vanished ones from the index', async () => {
    const { dir, summarize } = folderWith({ a: '2026-01-01T00:00:00.000Z', b: '2026-01-02T00:00:00.000Z' });
    writeFileSync(join(dir, 'broken.jsonl'), 'x');
    expect((await listWithIndex(dir, summarize)).map((s) => s.id)).toEqual(['b', 'a']);
    rmSync(join(dir, 'b.jsonl'));
    expect((await listWithIndex(dir, summarize)).map((s) => s.id)).toEqual(['a']);
    const index = JSON.parse(readFileSync(`${dir}.index.json`, 'utf8'));
    expect(Object.keys(index.entries)).toEqual(['a']);
  });

  it('lists nothing for a folder that does not exist', async () => {
    expect(await listWithIndex(join(tmpdir(), 'g4f-no-such-folder-here'), async () => ({ id: 'x', title: '', updated: '', messages: 0 }))).toEqual([]);
  });
});
