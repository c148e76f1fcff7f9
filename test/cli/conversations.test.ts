import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAIChunk, openAIFinish, startServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

let server: LoopbackServer;
let home: string;
const KEY = { OPENAI_API_KEY: 'sk-conversations-0000' };

beforeEach(async () => {
  home = tempHome();
  server = await startServer((req, res) => {
    const messages = JSON.parse(req.body).messages as Array<{ content: string }>;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(`${openAIChunk(`re: ${messages.at(-1)!.content} (${messages.length})`)}${openAIFinish()}data: [DONE]\n\n`);
  });
});
afterEach(() => server.close());

const ask = (args: string[], env: Record<string, string> = {}, input?: string) =>
  runCli(['ask', '-p', 'openai', '--base-url', server.url, ...args], { home, env: { ...KEY, ...env }, input });
const conversationFiles = () => {
  try {
    return readdirSync(join(home, 'conversations'));
  } catch {
    return [];
  }
};
const sentMessages = (i: number) => JSON.parse(server.requests[i].body).messages.map((m: { content: string }) => m.content);

describe('conversations', () => {
  it('saves every ask and continues the latest with -c', async () => {
    expect((await ask(['first'])).stdout).toBe('re: first (1)\n');
    expect((await ask(['-c', 'second'])).stdout).toBe('re: second (3)\n');
    expect(sentMessages(1)).toEqual(['first', 're: first (1)', 'second']);
    expect(conversationFiles()).toHaveLength(1);
    expect(statSync(join(home, 'conversations')).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, 'conversations', conversationFiles()[0])).mode & 0o777).toBe(0o600);
  });

  it('keeps named sessions apart and resumes them', async () => {
    await ask(['--session', 'work', 'w1']);
    await ask(['--session', 'play', 'p1']);
    await ask(['--session', 'work', 'w2']);
    expect(sentMessages(2)).toEqual(['w1', 're: w1 (1)', 'w2']);
    const list = await runCli(['history', '--json'], { home });
    const byName = Object.fromEntries(JSON.parse(list.stdout).map((c: { name: string }) => [c.name, c]));
    expect(byName.work).toMatchObject({ id: 'work', messages: 4, title: 'w1', provider: 'openai', model: 'gpt-4o-mini' });
    expect(byName.play).toMatchObject({ messages: 2 });
  });

  it('saves nothing with --no-history or config history false', async () => {
    await ask(['--no-history', 'secret']);
    expect(conversationFiles()).toEqual([]);
    await runCli(['config', 'set', 'history', 'false'], { home });
    await ask(['also secret']);
    expect(conversationFiles()).toEqual([]);
  });

  it('skips a torn last line with a warning and loses nothing before it', async () => {
    await ask(['--session', 'torn', 'kept question']);
    const file = join(home, 'conversations', 'torn.jsonl');
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"role":"user","content":"half writ`);
    const result = await ask(['--session', 'torn', 'after crash']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped 1 unreadable line/);
    expect(sentMessages(1)).toEqual(['kept question', 're: kept question (1)', 'after crash']);
    const again = await ask(['--session', 'torn', 'third']);
    expect(sentMessages(2)).toEqual(['kept question', 're: kept question (1)', 'after crash', 're: after crash (3)', 'third']);
    expect(again.stderr).toMatch(/skipped 1 unreadable line/);
  });

  it('loses nothing when 20 processes write to one session at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(['--session', 'same', `q${i}`])));
    expect(results.every((r) => r.code === 0)).toBe(true);
    const shown = await runCli(['history', 'show', 'same', '--json'], { home });
    const messages = JSON.parse(shown.stdout).messages as Array<{ role: string; content: string }>;
    expect(messages).toHaveLength(40);
    const questions = messages.filter((m) => m.role === 'user').map((m) => m.content).sort();
    expect(questions).toEqual(Array.from({ length: 20 }, (_, i) => `q${i}`).sort());
    expect(JSON.parse(shown.stdout).skippedLines).toBe(0);
  });

  it('still prints the answer when the data directory is read-only', async () => {
    mkdirSync(join(home, 'conversations'), { recursive: true });
    chmodSync(join(home, 'conversations'), 0o500);
    const result = await ask(['readonly']);
    chmodSync(join(home, 'conversations'), 0o700);
    if (process.getuid?.() === 0) {
      // root writes anyway; the answer must still be printed
      expect(result.stdout).toBe('re: readonly (1)\n');
      return;
    }
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('re: readonly (1)\n');
    expect(result.stderr).toMatch(/not saved/);
  });

  it('still prints the answer when the conversations path cannot be a directory', async () => {
    writeFileSync(join(home, 'conversations'), 'a file in the way');
    const result = await ask(['blocked']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('re: blocked (1)\n');
    expect(result.stderr).toMatch(/the answer was not saved/);
  });

  it('shows and removes conversations', async () => {
    await ask(['--session', 'gone', 'bye']);
    const shown = await runCli(['history', 'show', 'gone'], { home });
    expect(shown.stdout).toBe('you\nbye\n\nassistant (openai/gpt-4o-mini)\nre: bye (1)\n');
    const refused = await runCli(['history', 'rm', 'gone'], { home });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    const removed = await runCli(['history', 'rm', 'gone', '--yes'], { home });
    expect(removed.code).toBe(0);
    expect(conversationFiles()).toEqual([]);
    expect((await runCli(['history', 'show', 'gone'], { home })).code).toBe(2);
  });

  it('a scripted chat reads one message per line and keeps the conversation', async () => {
    const result = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '--session', 'scripted'], { home, env: KEY, input: 'one\ntwo\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('re: one (1)\nre: two (3)\n');
    const resumed = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '-c', '-q'], { home, env: KEY, input: 'three\n' });
    expect(resumed.stdout).toBe('re: three (5)\n');
  });
});
