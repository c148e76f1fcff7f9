import { mkdirSync, utimesSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

/** Writes a conversation file directly, as if saved `daysAgo` days ago. */
function conversation(home: string, id: string, question: string, answer: string, daysAgo = 0): void {
  const dir = join(home, 'conversations');
  mkdirSync(dir, { recursive: true });
  const time = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  const lines = [{ type: 'meta', created: time }, { role: 'user', content: question, time }, { role: 'assistant', content: answer, time, provider: 'openai', model: 'm' }];
  writeFileSync(join(dir, `${id}.jsonl`), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const when = new Date(Date.now() - daysAgo * 86_400_000);
  utimesSync(join(dir, `${id}.jsonl`), when, when);
}

describe('history commands', () => {
  it('list (and `history`) newest first, -n, --json', async () => {
    const home = tempHome();
    for (let i = 0; i < 5; i++) conversation(home, `20260101-00000${i}-aaaa`, `question ${i}`, `answer ${i}`, 5 - i);
    const list = await runCli(['history', 'list', '-n', '2'], { home });
    const rows = list.stdout.trim().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('question 4');
    expect(rows[2]).toContain('question 3');
    expect(list.stderr).toMatch(/3 older; -n 0 shows all/);
    const json = JSON.parse((await runCli(['history', '--json', '-n', '0'], { home })).stdout);
    expect(json.map((c: { title: string }) => c.title)).toEqual(['question 4', 'question 3', 'question 2', 'question 1', 'question 0']);
  });

  it('the listing follows files changed by another process (the index is only a cache)', async () => {
    const home = tempHome();
    conversation(home, '20260101-000000-aaaa', 'first', 'one');
    await runCli(['history'], { home });
    conversation(home, '20260101-000000-aaaa', 'rewritten question', 'two');
    conversation(home, '20260101-000001-bbbb', 'another', 'three');
    const list = await runCli(['history'], { home });
    expect(list.stdout).toContain('rewritten question');
    expect(list.stdout).toContain('another');
  });

  it('search finds text in any message, case-insensitive, with snippets', async () => {
    const home = tempHome();
    conversation(home, '20260101-000000-aaaa', 'how do I bake bread?', 'Knead the DOUGH for ten minutes, then let it rise.');
    conversation(home, '20260101-000001-bbbb', 'what is rust?', 'A systems language.');
    const found = await runCli(['history', 'search', 'dough'], { home });
    expect(found.code).toBe(0);
    expect(found.stdout).toContain('how do I bake bread?');
    expect(found.stdout).toMatch(/ {2}Knead the DOUGH for ten minutes/);
    expect(found.stdout).not.toContain('rust');
    const none = await runCli(['history', 'search', 'zebra'], { home });
    expect(none.code).toBe(1);
  });

  it('export as Markdown or JSON; last prints the last answer raw', async () => {
    const home = tempHome();
    const server = await serve((_req, res) => streamOpenAI(res, ['**raw** answer\n']));
    await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--session', 'notes', 'a question'], { home });
    const md = await runCli(['history', 'export', 'notes'], { home });
    expect(md.stdout).toBe('# a question\n\n## You\n\na question\n\n## Assistant (openai/gpt-4o-mini)\n\n**raw** answer\n\n');
    const json = JSON.parse((await runCli(['history', 'export', 'notes', '--format', 'json'], { home })).stdout);
    expect(json.messages.map((m: { content: string }) => m.content)).toEqual(['a question', '**raw** answer\n']);
    expect((await runCli(['history', 'last'], { home })).stdout).toBe('**raw** answer\n');
  });

  it('rm --older-than and rm --all; scripts must say --yes', async () => {
    const home = tempHome();
    conversation(home, '20250101-000000-aaaa', 'old', 'x', 60);
    conversation(home, '20260101-000000-bbbb', 'new', 'y', 1);
    expect((await runCli(['history', 'rm', '--older-than', '30d'], { home })).code).toBe(2);
    const older = await runCli(['history', 'rm', '--older-than', '30d', '--yes'], { home });
    expect(older.stderr).toMatch(/removed 1 conversation older than 30d/);
    expect(readdirSync(join(home, 'conversations'))).toEqual(['20260101-000000-bbbb.jsonl']);
    expect((await runCli(['history', 'rm', '--older-than', 'soon', '--yes'], { home })).code).toBe(2);
    await runCli(['history', 'rm', '--all', '--yes'], { home });
    expect(readdirSync(join(home, 'conversations'))).toEqual([]);
  });
});
