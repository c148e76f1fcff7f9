import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';

afterEach(async () => {
  await closeStartedServers();
});

/** Runs the CLI with stdout and stderr pipes, handing stderr as it arrives to `stderr`. */
function runWatchingStderr(args: readonly string[], env: Record<string, string>, stderr: { text: string }): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr.text += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}

describe('what a chain says it does', () => {
  it('in a pipe, a provider that stays silent for a few seconds is named on stderr while it is waited for', async () => {
    const stderr = { text: '' };
    let saidWhileWaiting = false;
    const slow = await serve(async (_req, res) => {
      // Answers once the wait has been said (or after 12 s, and the test fails).
      for (let i = 0; i < 240 && !/waiting for openai/.test(stderr.text); i++) await new Promise((r) => setTimeout(r, 50));
      saidWhileWaiting = /waiting for openai: no answer yet after \d+s/.test(stderr.text);
      streamOpenAI(res, ['late ', 'answer']);
    });
    const env = { ...cleanEnv(tempHome()), OPENAI_API_KEY: 'sk-test-12345678', G4F_CHAT_OPENAI_BASE_URL: slow.url };
    const result = await runWatchingStderr(['ask', '-p', 'openai', 'hi'], env, stderr);
    expect(result.code).toBe(0);
    expect(saidWhileWaiting).toBe(true);
    expect(result.stdout).toBe('late answer\n');
    expect(stderr.text.match(/waiting for/g)).toHaveLength(1);
    // --quiet keeps the pipe quiet.
    const quiet = await runCli(['ask', '-q', '-p', 'openai', 'hi'], { env: { OPENAI_API_KEY: 'sk-test-12345678', G4F_CHAT_OPENAI_BASE_URL: slow.url }, killAfterMs: 30_000 });
    expect(quiet.stderr).toBe('');
  }, 40_000);

  it('a provider the prompt may not go to is never announced as the next one', async () => {
    const broken = await serve((_req, res) => sendJson(res, 500, { error: { message: 'down' } }));
    const working = await serve((_req, res) => streamOpenAI(res, ['from groq']));
    const env = { OPENAI_API_KEY: 'sk-a-12345678', GROQ_API_KEY: 'gsk-b-12345678', G4F_CHAT_OPENAI_BASE_URL: broken.url, G4F_CHAT_GROQ_BASE_URL: working.url };
    // A keyed provider fails; the public one after it is held back; the keyed one after that answers.
    const onward = await runCli(['ask', '-p', 'openai,ovhcloud,groq', '--retries', '0', 'hi'], { env });
    expect(onward.code).toBe(0);
    expect(onward.stdout).toBe('from groq\n');
    expect(onward.stderr).toMatch(/openai failed( after \d+s)? \(HTTP 500\); trying groq/);
    expect(onward.stderr).not.toMatch(/trying ovhcloud/);
    // With nothing left that may be asked, no "trying" at all, and the end says why.
    const held = await runCli(['ask', '-p', 'openai,ovhcloud', '--retries', '0', 'hi'], { env });
    expect(held.code).toBe(1);
    expect(held.stderr).not.toMatch(/trying/);
    expect(held.stderr).toMatch(/not sent to ovhcloud/);
  });
});
