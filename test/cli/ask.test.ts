import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';
import { openAIChunk, sendJson, startServer, streamOpenAI, type LoopbackServer } from '../helpers/loopback-server.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'sk-test-0123456789abcdef';
const openaiArgs = (url: string) => ['-p', 'openai', '--base-url', `${url}/v1`];
const withKey = { OPENAI_API_KEY: KEY };

describe('g4f-chat ask', () => {
  it('streams the answer to stdout byte for byte, its own trailing newlines kept', async () => {
    server = await startServer((_req, res) => streamOpenAI(res, ['Hello', ', ', 'wörld', '\n\n']));
    const result = await runCli(['ask', ...openaiArgs(server.url), 'Why', 'is', 'the', 'sky', 'blue?'], { env: withKey });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Hello, wörld\n\n');
    expect(result.stderr).toBe('');
    expect(JSON.parse(server.requests[0].body).messages).toEqual([{ role: 'user', content: 'Why is the sky blue?' }]);
  });

  it('adds one newline only when the text does not end in one', async () => {
    server = await startServer((_req, res) => streamOpenAI(res, ['no newline at the end']));
    const plain = await runCli(['ask', ...openaiArgs(server.url), 'hi'], { env: withKey });
    expect(plain.stdout).toBe('no newline at the end\n');
  });

  it('puts piped stdin first, then a blank line, then the prompt', async () => {
    server = await startServer((_req, res) => streamOpenAI(res, ['ok']));
    const result = await runCli(['ask', ...openaiArgs(server.url), '-s', 'be brief', 'review this'], { env: withKey, input: 'diff --git a b\n+line\n' });
    expect(result.code).toBe(0);
    expect(JSON.parse(server.requests[0].body).messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'diff --git a b\n+line\n\nreview this' },
    ]);
  });

  it('takes the whole prompt from stdin when no words are given', async () => {
    server = await startServer((_req, res) => streamOpenAI(res, ['ok']));
    const result = await runCli(['ask', ...openaiArgs(server.url)], { env: withKey, input: 'only stdin' });
    expect(result.code).toBe(0);
    expect(JSON.parse(server.requests[0].body).messages[0].content).toBe('only stdin');
  });

  it('passes model text through byte for byte in a pipe, escape codes included', async () => {
    const hostile = 'a\u001b[2Jb\u001b]0;title\u0007c\r\n';
    server = await startServer((_req, res) => streamOpenAI(res, [hostile]));
    const result = await runCli(['ask', ...openaiArgs(server.url), 'x'], { env: withKey });
    expect(result.stdout).toBe(hostile.replace(/\n$/, '') + '\n');
  });

  it('exits 2 with usage when there is no prompt', async () => {
    const result = await runCli(['ask', '-p', 'openai'], { env: withKey });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no prompt/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 listing the known providers for an unknown one', async () => {
    const result = await runCli(['ask', '-p', 'nope', 'hi']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown provider "nope".*openai.*aivvm/);
  });

  it('exits 2 for a bad option value', async () => {
    const result = await runCli(['ask', '-t', 'hot', 'hi']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/temperature/);
  });

  it('exits 3 naming the variable when the key is missing at the default address, before any request', async () => {
    const result = await runCli(['ask', '-p', 'openai', 'hi']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/OPENAI_API_KEY/);
    expect(result.stderr).toMatch(/keys set openai/);
  });

  it('needs no key at a base URL the user set, and sends no authorization header', async () => {
    server = await startServer((_req, res) => streamOpenAI(res, ['local answer']));
    const result = await runCli(['ask', ...openaiArgs(server.url), 'hi']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('local answer\n');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('a 401 from a keyless local server gets the usual key hint', async () => {
    server = await startServer((_req, res) => sendJson(res, 401, { error: { message: 'key required' } }));
    const result = await runCli(['ask', ...openaiArgs(server.url), 'hi']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/HTTP 401: key required/);
    expect(result.stderr).toMatch(/hint: .*key/);
  });

  it('exits 3 when the server rejects the key, without printing it', async () => {
    server = await startServer((req, res) => sendJson(res, 401, { error: { message: `Incorrect API key provided: ${req.headers.authorization}` } }));
    const result = await runCli(['ask', ...openaiArgs(server.url), '--verbose', 'hi'], { env: withKey });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/Incorrect API key/);
    expect(result.stderr + result.stdout).not.toContain(KEY);
  });

  it('exits 1 with the server message on a server error, after bounded retries', async () => {
    server = await startServer((_req, res) => sendJson(res, 500, { error: { message: 'upstream exploded' } }));
    const result = await runCli(['ask', ...openaiArgs(server.url), '--retries', '1', 'hi'], { env: withKey });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/HTTP 500: upstream exploded/);
    expect(server.requests).toHaveLength(2);
  });

  it('keeps partial text and exits 1 when the answer is cut short', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(openAIChunk('partial answer'));
      setTimeout(() => res.destroy(), 50);
    });
    const result = await runCli(['ask', ...openaiArgs(server.url), 'hi'], { env: withKey });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('partial answer\n');
    expect(result.stderr).toMatch(/cut short/);
    expect(server.requests).toHaveLength(1);
  });

  it('prints one JSON object with --json', async () => {
    server = await startServer((_req, res) => streamOpenAI(res, ['{"not":', ' streamed}']));
    const result = await runCli(['ask', ...openaiArgs(server.url), '--json', 'hi'], { env: withKey });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      text: '{"not": streamed}',
      provider: 'openai',
      model: 'gpt-4o-mini',
      finishReason: 'stop',
      usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8 },
    });
    expect(json.attempts).toEqual([{ provider: 'openai', model: 'gpt-4o-mini', outcome: 'ok', tries: 1 }]);
  });

  it('asks for a whole answer with --no-stream', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { choices: [{ message: { content: 'at once' }, finish_reason: 'stop' }] }));
    const result = await runCli(['ask', ...openaiArgs(server.url), '--no-stream', 'hi'], { env: withKey });
    expect(result.stdout).toBe('at once\n');
    expect(JSON.parse(server.requests[0].body).stream).toBe(false);
  });

  it('honours OPENAI_BASE_URL and G4F_CHAT_OPENAI_BASE_URL, the latter first', async () => {
    server = await startServer((_req, res) => streamOpenAI(res, ['via env']));
    const viaOpenAI = await runCli(['ask', '-p', 'openai', 'hi'], { env: { ...withKey, OPENAI_BASE_URL: `${server.url}/a` } });
    expect(viaOpenAI.stdout).toBe('via env\n');
    const both = await runCli(['ask', '-p', 'OpenAI', 'hi'], {
      env: { ...withKey, OPENAI_BASE_URL: 'http://127.0.0.1:9/unused', G4F_CHAT_OPENAI_BASE_URL: `${server.url}/b` },
    });
    expect(both.stdout).toBe('via env\n');
    expect(server.requests.map((r) => r.url)).toEqual(['/a/chat/completions', '/b/chat/completions']);
  });

  it('ends quietly with 0 when stdout is closed early (| head)', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}\n`);
    server = await startServer((_req, res) => streamOpenAI(res, lines));
    const home = tempHome();
    const result = await new Promise<{ code: number | null; stderr: string; out: string }>((resolve) => {
      const command = `"${process.execPath}" "${BIN}" ask -p openai --base-url ${server!.url}/v1 hi | head -n 2; echo "status=\${PIPESTATUS[0]}"`;
      const shell = spawn('bash', ['-c', command], { env: { ...cleanEnv(home), ...withKey }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let stderr = '';
      shell.stdout.on('data', (d) => (out += d));
      shell.stderr.on('data', (d) => (stderr += d));
      shell.on('close', (code) => resolve({ code, stderr, out }));
    });
    expect(result.out).toBe('line 0\nline 1\nstatus=0\n');
    expect(result.stderr).toBe('');
  });

  it('prints the version and complete help', async () => {
    const version = await runCli(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = await runCli(['ask', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--provider', '--model', '--system', '--base-url', '--temperature', '--max-tokens', '--no-stream', '--timeout', '--json', '--quiet', '--verbose', '--api-key', '--proxy', '--retries']) {
      expect(help.stdout).toContain(option);
    }
    const top = await runCli(['--help']);
    for (const command of ['ask', 'chat', 'providers', 'models']) expect(top.stdout).toContain(command);
  });
});
