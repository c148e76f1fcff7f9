import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationStore } from '../../src/store/conversations/conversation-store.js';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

const conversations = (home: string) => join(home, 'conversations');

function linesOf(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}

describe('concurrent writers', () => {
  for (const round of [1, 2, 3]) {
    it(`30 writers × 3 MB exchanges to one conversation: no torn line, no lost exchange (round ${round})`, async () => {
      const dir = join(tempHome(), 'conversations');
      const store = new ConversationStore(dir);
      const big = (n: number) => `${String(n).padStart(2, '0')}:`.padEnd(3 * 1024 * 1024, String.fromCharCode(97 + (n % 26)));
      await Promise.all(
        Array.from({ length: 30 }, (_, n) =>
          store.append('same', [
            { role: 'user', content: big(n), time: 't' },
            { role: 'assistant', content: `answer ${n}`, time: 't' },
          ]),
        ),
      );
      const lines = linesOf(join(dir, 'same.jsonl'));
      const records = lines.map((line) => JSON.parse(line) as { role: string; content: string });
      expect(records).toHaveLength(60);
      for (let i = 0; i < 60; i += 2) {
        // Each exchange stays whole and in one piece: the question is one writer's, all of it.
        const n = Number(records[i].content.slice(0, 2));
        expect(records[i].content).toBe(big(n));
        expect(records[i + 1].content).toBe(`answer ${n}`);
      }
    }, 30_000);
  }

  it('20 concurrent `ask --session` processes keep all 40 messages', async () => {
    const home = tempHome();
    const server = await serve((_req, res) => streamOpenAI(res, ['x'.repeat(600 * 1024)]));
    await Promise.all(Array.from({ length: 20 }, (_, n) => runCli(['ask', '-p', 'openai', '--base-url', server.url, '--session', 'shared', `q${n}`], { home })));
    const records = linesOf(join(conversations(home), 'shared.jsonl')).map((l) => JSON.parse(l));
    expect(records.filter((r) => r.role === 'user')).toHaveLength(20);
    expect(records.filter((r) => r.role === 'assistant')).toHaveLength(20);
  }, 60_000);
});

describe('conversations of any size', () => {
  it('a 600 MB conversation does not break history, show, rm or another conversation', async () => {
    const home = tempHome();
    const dir = conversations(home);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'small.jsonl'), `${JSON.stringify({ type: 'meta', name: 'small', created: 't' })}\n${JSON.stringify({ role: 'user', content: 'hello small', time: '2026-01-01T00:00:00Z' })}\n`);
    const fd = openSync(join(dir, 'huge.jsonl'), 'w');
    writeSync(fd, `${JSON.stringify({ type: 'meta', name: 'huge', created: 't' })}\n{"role":"user","content":"`);
    const block = Buffer.alloc(16 * 1024 * 1024, 'a');
    for (let i = 0; i < 38; i++) writeSync(fd, block);
    writeSync(fd, `","time":"2026-02-01T00:00:00Z"}\n${JSON.stringify({ role: 'assistant', content: 'short answer', time: '2026-02-01T00:00:01Z' })}\n`);
    closeSync(fd);

    const list = await runCli(['history'], { home });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/huge/);
    expect(list.stdout).toMatch(/hello small/);
    const show = await runCli(['history', 'show', 'small'], { home });
    expect(show.stdout).toContain('hello small');
    const huge = await runCli(['history', 'show', 'huge'], { home });
    expect(huge.code).toBe(0);
    expect(huge.stdout).toContain('short answer');
    expect(huge.stderr).toBe('');
    const rm = await runCli(['history', 'rm', 'huge', '--yes'], { home });
    expect(rm.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['small.jsonl']);
  }, 60_000);
});

describe('naming and removing conversations', () => {
  it('an empty or short prefix removes nothing', async () => {
    const home = tempHome();
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'first'], { home });
    for (const prefix of ['', '2', '2026']) {
      const result = await runCli(['history', 'rm', prefix, '--yes'], { home });
      expect(result.code, prefix).toBe(2);
    }
    expect(readdirSync(conversations(home))).toHaveLength(1);
  });

  it('names map to distinct files; other scripts work; an over-long name is refused before any request', async () => {
    const home = tempHome();
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    const names = ['a/b', 'a b', 'A/B', 'café', 'caf', '日本語', 'work'];
    for (const name of names) {
      const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--session', name, 'hi'], { home });
      expect(result.code, name).toBe(0);
    }
    expect(readdirSync(conversations(home))).toHaveLength(names.length);
    expect(readdirSync(conversations(home))).toContain('work.jsonl');
    const back = await runCli(['history', 'show', '日本語'], { home });
    expect(back.stdout).toContain('hi');
    const requests = server.requests.length;
    const long = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--session', 'x'.repeat(10_000), 'hi'], { home });
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/100 at most/);
    expect(server.requests).toHaveLength(requests);
  });

  it('a symbolic link planted in the conversations folder is not followed', async () => {
    const home = tempHome();
    const dir = conversations(home);
    mkdirSync(dir, { recursive: true });
    const target = join(home, 'elsewhere.txt');
    writeFileSync(target, 'not yours to append to\n');
    symlinkSync(target, join(dir, 'planted.jsonl'));
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--session', 'planted', 'hi'], { home });
    expect(result.stderr).toMatch(/not a regular file/);
    expect(readFileSync(target, 'utf8')).toBe('not yours to append to\n');
  });
});
