import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationStore } from '../../src/store/conversations/conversation-store.js';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

/** Answers "answer N to <question>", N counting every request, so a retried answer differs. */
async function countingServer() {
  let n = 0;
  const server = await serve((req, res) => {
    const messages = JSON.parse(req.body).messages as Array<{ content: string }>;
    n += 1;
    streamOpenAI(res, [`answer ${n} to ${messages.at(-1)!.content}`]);
  });
  return server;
}

const messagesOf = (body: string) => (JSON.parse(body).messages as Array<{ role: string; content: string }>).map((m) => `${m.role}: ${m.content}`);

describe('the saved conversation is the one on screen', () => {
  it('/undo and /retry rewrite the file, /clear starts a new one; -c and history show replay what was seen', async () => {
    const home = tempHome();
    const server = await countingServer();
    const chat = await runCli(['chat', '-p', 'openai', '--base-url', server.url], { home, input: 'q1\nq2\n/undo\nq3\n/retry\n' });
    expect(chat.code).toBe(0);
    // On screen: q1 → answer 1, q3 → answer 4 (the retry of answer 3).
    const [id] = readdirSync(join(home, 'conversations'));
    const shown = await runCli(['history', 'show', id.replace('.jsonl', ''), '--json'], { home });
    expect((JSON.parse(shown.stdout).messages as Array<{ role: string; content: string }>).map((m) => `${m.role}: ${m.content}`)).toEqual([
      'user: q1',
      'assistant: answer 1 to q1',
      'user: q3',
      'assistant: answer 4 to q3',
    ]);
    await runCli(['ask', '-p', 'openai', '--base-url', server.url, '-c', 'and then?'], { home });
    expect(messagesOf(server.requests.at(-1)!.body)).toEqual(['user: q1', 'assistant: answer 1 to q1', 'user: q3', 'assistant: answer 4 to q3', 'user: and then?']);

    const cleared = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '-c'], { home, input: 'more\n/clear\nfresh\n' });
    expect(cleared.stderr).toMatch(/new conversation; the previous one stays in history/);
    expect(readdirSync(join(home, 'conversations')).filter((f) => f.endsWith('.jsonl'))).toHaveLength(2);
    await runCli(['ask', '-p', 'openai', '--base-url', server.url, '-c', 'next'], { home });
    expect(messagesOf(server.requests.at(-1)!.body)).toEqual(['user: fresh', expect.stringMatching(/^assistant: answer \d+ to fresh$/), 'user: next']);
  });

  it('a failed /retry leaves the saved conversation as it was', async () => {
    const home = tempHome();
    let calls = 0;
    const server = await serve((_req, res) => {
      calls += 1;
      if (calls === 2) return void res.destroy();
      streamOpenAI(res, [`answer ${calls}`]);
    });
    await runCli(['chat', '-p', 'openai', '--base-url', server.url, '--retries', '0'], { home, input: 'q1\n/retry\n' });
    const [file] = readdirSync(join(home, 'conversations')).filter((f) => f.endsWith('.jsonl'));
    const lines = readFileSync(join(home, 'conversations', file), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.role).map((l) => l.content)).toEqual(['q1', 'answer 1']);
  });
});

describe('a rewrite killed at any moment', () => {
  it('leaves the old conversation or the new one, never a torn or missing file (30 kills)', async () => {
    const home = tempHome();
    const big = 'x'.repeat(3 * 1024 * 1024);
    const server = await serve((req, res) => streamOpenAI(res, [`${big} ${JSON.parse(req.body).messages.length}`]));
    await runCli(['chat', '-p', 'openai', '--base-url', server.url, '--session', 'k'], { home, input: 'q1\nq2\n' });
    const store = new ConversationStore(join(home, 'conversations'));
    let kills = 0;
    for (let round = 0; round < 30; round++) {
      // /retry rewrites the whole 12 MB file; the kill lands before, during or after it.
      const child = spawn(process.execPath, [BIN, 'chat', '-p', 'openai', '--base-url', server.url, '--session', 'k'], { env: cleanEnv(home), stdio: ['pipe', 'ignore', 'ignore'] });
      const closed = new Promise((resolve) => child.on('close', resolve));
      child.stdin.end('/retry\n');
      await new Promise((resolve) => setTimeout(resolve, 60 + Math.random() * 200));
      if (child.exitCode === null && child.kill('SIGKILL')) kills += 1;
      await closed;
      const loaded = await store.load('k');
      expect(loaded.skippedLines, `round ${round}`).toBe(0);
      expect(loaded.messages.map((m) => m.role), `round ${round}`).toEqual(['user', 'assistant', 'user', 'assistant']);
    }
    expect(kills).toBeGreaterThan(0);
  }, 90_000);
});
