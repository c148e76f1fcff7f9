import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { startSilentTcpServer } from '../helpers/raw-tcp-server.js';
import { spawnInPty, type PtySession } from '../helpers/pty.js';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});

const keys = { OPENAI_API_KEY: 'sk-a-12345678', GROQ_API_KEY: 'gsk-b-12345678', MISTRAL_API_KEY: 'ms-c-12345678' };

interface JsonAttempt {
  provider: string;
  outcome: string;
  reason?: string;
  tries: number;
}

describe('when nothing answers', () => {
  it('a chain of silent servers gives up after one first-byte limit per host: no retries, a host that timed out not asked again', async () => {
    const first = await startSilentTcpServer();
    const second = await startSilentTcpServer();
    const result = await runCli(['ask', '-p', 'openai,groq,mistral', '--first-byte-timeout', '0.5', '--retries', '2', '--json', 'hi'], {
      env: { ...keys, G4F_CHAT_OPENAI_BASE_URL: first.url, G4F_CHAT_GROQ_BASE_URL: second.url, G4F_CHAT_MISTRAL_BASE_URL: first.url },
      killAfterMs: 30_000,
    });
    expect(result.code).toBe(1);
    // Before, each provider was waited on for 60 s, three times over (183 s each).
    expect(first.requests()).toBe(1);
    expect(second.requests()).toBe(1);
    const attempts = (JSON.parse(result.stdout) as { attempts: JsonAttempt[] }).attempts;
    expect(attempts).toEqual([
      expect.objectContaining({ provider: 'openai', outcome: 'failed', tries: 1, reason: expect.stringMatching(/timed out: no response for 0\.5s/) }),
      expect.objectContaining({ provider: 'groq', outcome: 'failed', tries: 1 }),
      expect.objectContaining({ provider: 'mistral', outcome: 'skipped', reason: expect.stringMatching(/did not answer earlier in this run/) }),
    ]);
    expect(result.stderr).toMatch(/openai failed( after \d+s)? \(timed out: no response for 0\.5s[^\n]*\); trying groq/);
    expect(result.stderr).toMatch(/no provider could be reached: this machine seems to be offline/);
  });

  it('one deadline for the whole chain: past it, the attempt waiting for its first byte stops and no further provider is tried', async () => {
    const silent = [await startSilentTcpServer(), await startSilentTcpServer(), await startSilentTcpServer()];
    const result = await runCli(['ask', '-p', 'openai,groq,mistral', '--first-byte-timeout', '30', '--chain-timeout', '1', '--json', 'hi'], {
      env: { ...keys, G4F_CHAT_OPENAI_BASE_URL: silent[0]!.url, G4F_CHAT_GROQ_BASE_URL: silent[1]!.url, G4F_CHAT_MISTRAL_BASE_URL: silent[2]!.url },
      killAfterMs: 30_000,
    });
    expect(result.code).toBe(1);
    const attempts = (JSON.parse(result.stdout) as { attempts: JsonAttempt[] }).attempts;
    expect(attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['openai', 'failed'],
      ['groq', 'skipped'],
      ['mistral', 'skipped'],
    ]);
    expect(attempts[0]!.reason).toMatch(/no answer began before the chain's deadline/);
    expect(attempts[1]!.reason).toMatch(/deadline had passed/);
    expect(silent.map((s) => s.requests())).toEqual([1, 0, 0]);
  });

  it('in a pipe, the move to the next provider is on stderr as it happens, however quick the failure', async () => {
    const broken = await serve((_req, res) => sendJson(res, 500, { error: { message: 'boom' } }));
    let stderr = '';
    let sawMoveBeforeSecondAnswered = false;
    // The second provider answers only once the move has been said: the line comes as it happens, not at the end.
    const second = await serve(async (_req, res) => {
      for (let i = 0; i < 100 && !/openai failed \(HTTP 500\); trying groq/.test(stderr); i++) await new Promise((r) => setTimeout(r, 50));
      sawMoveBeforeSecondAnswered = /trying groq/.test(stderr);
      sendJson(res, 503, { error: { message: 'also down' } });
    });
    const env = { ...cleanEnv(tempHome()), ...keys, G4F_CHAT_OPENAI_BASE_URL: broken.url, G4F_CHAT_GROQ_BASE_URL: second.url };
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'ask', '-p', 'openai,groq', '--retries', '0', 'hi'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(1);
    expect(sawMoveBeforeSecondAnswered).toBe(true);
    expect(stderr.indexOf('trying groq')).toBeLessThan(stderr.indexOf('every provider failed'));
  });

  it('all providers refused: one offline summary first, Ollama named as not running, then steps that work', async () => {
    const home = tempHome();
    const listing = await runCli(['providers', '--json'], { home });
    const rows = JSON.parse(listing.stdout) as Array<{ id: string; inAuto: boolean; reach: string }>;
    const refused: Record<string, string> = {};
    for (const row of rows) if (row.inAuto) refused[`G4F_CHAT_${row.id.toUpperCase().replace(/-/g, '_')}_BASE_URL`] = 'http://127.0.0.1:9';
    const result = await runCli(['ask', 'hi'], { home, env: { ...refused, OLLAMA_HOST: '127.0.0.1:9' }, killAfterMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    // The moves are said as they happen; the error then opens with the one-line summary.
    const lines = result.stderr.split('\n');
    const errorAt = lines.findIndex((line) => line.startsWith('g4f-chat:'));
    expect(lines[errorAt]).toBe('g4f-chat: no provider could be reached: this machine seems to be offline');
    // Every public service points at one refused address here: that host is named once, with all of them.
    expect(lines.slice(0, errorAt)).toEqual([expect.stringMatching(/^127\.0\.0\.1:9: connection refused — ovhcloud, g4f-groq, [^\n]*horde skipped$/)]);
    expect(result.stderr).toMatch(/connection refused/);
    expect(result.stderr).toMatch(/ollama: not running \(start it with: ollama serve\)/);
    expect(result.stderr).toMatch(/g4f-chat keys set/);
    expect(result.stderr).toMatch(/--base-url/);
    expect(result.stderr).not.toMatch(/every provider failed/);
  });

  it('providers --check exits non-zero when nothing answered, zero when one did', async () => {
    const none = await runCli(['providers', '--check', '-p', 'ollama,pollinations', '--timeout', '2'], {
      env: { OLLAMA_HOST: '127.0.0.1:9', G4F_CHAT_POLLINATIONS_BASE_URL: 'http://127.0.0.1:9' },
    });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no provider answered the check/);
    const live = await serve((_req, res) => streamOpenAI(res, ['h']));
    const one = await runCli(['providers', '--check', '-p', 'ollama,pollinations', '--timeout', '2'], {
      env: { OLLAMA_HOST: '127.0.0.1:9', G4F_CHAT_POLLINATIONS_BASE_URL: live.url },
    });
    expect(one.code).toBe(0);
  });

  it('on a terminal the spinner names the provider being asked and counts the seconds', async () => {
    const silent = [await startSilentTcpServer(), await startSilentTcpServer()];
    session = spawnInPty(['ask', '-p', 'openai,groq', '--first-byte-timeout', '3', 'hi'], {
      home: tempHome(),
      env: { ...keys, G4F_CHAT_OPENAI_BASE_URL: silent[0]!.url, G4F_CHAT_GROQ_BASE_URL: silent[1]!.url },
    });
    await session.waitFor(/thinking… openai, [12]s/, { timeoutMs: 10_000 });
    // The next provider is named in its turn, with the reason for the move.
    await session.waitFor(/openai failed after \d+s \(timed out[^\n]*\); trying groq… [12]s/, { timeoutMs: 10_000 });
    expect(await session.exited).toBe(1);
  });
});
