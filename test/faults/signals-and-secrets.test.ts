import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openAIChunk, sendJson, startServer, type Handler, type LoopbackServer } from '../helpers/loopback-server.js';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Starts `ask` against a server that streams one chunk and then holds on; sends `signal` once text is out. */
async function interruptAsk(signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string; closed: boolean }> {
  server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(openAIChunk('partial before signal'));
  });
  const child = spawn(process.execPath, [BIN, 'ask', '-p', 'openai', '--base-url', server.url, 'q'], {
    env: { ...cleanEnv(tempHome()), OPENAI_API_KEY: 'sk-signal-000000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('partial before signal')) resolve();
    }),
  );
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  const closed = await Promise.race([server.requests[0].closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]);
  return { code, stdout, stderr, closed };
}

describe('faults: signals', () => {
  it('SIGINT aborts the request, keeps the partial text and exits 130 without a stack trace', async () => {
    const result = await interruptAsk('SIGINT');
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('partial before signal\n');
    expect(result.closed).toBe(true);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('SIGTERM does the same with 143', async () => {
    const result = await interruptAsk('SIGTERM');
    expect(result.code).toBe(143);
    expect(result.stdout).toBe('partial before signal\n');
    expect(result.closed).toBe(true);
  });
});

describe('security: secrets never leave', () => {
  const SECRET = 'sk-live-TOPSECRET-0123456789abcdef';
  const echoes: Array<[string, Handler, string[]]> = [
    ['401 echoing the key', (req, res) => sendJson(res, 401, { error: { message: `Incorrect API key provided: ${req.headers.authorization}` } }), []],
    ['500 echoing the key', (req, res) => sendJson(res, 500, { error: `upstream rejected ${req.headers.authorization}` }), ['--retries', '1']],
    ['an error event echoing the key', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify({ error: { message: `bad ${String(req.headers.authorization)}` } })}\n\n`);
    }, []],
    ['a cut after echoing text', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(openAIChunk('fine'));
      res.destroy(new Error(String(req.headers.authorization)));
    }, []],
    ['a timeout', () => {}, ['--timeout', '1']],
  ];
  for (const [what, handler, extra] of echoes) {
    for (const mode of [[], ['--verbose'], ['--json'], ['--verbose', '--json']]) {
      it(`${what} ${mode.join(' ') || '(plain)'}: the key appears nowhere`, async () => {
        server ??= await startServer(handler);
        const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--retries', '0', ...extra, ...mode, 'q'], { env: { OPENAI_API_KEY: SECRET } });
        expect(result.code).not.toBe(0);
        expect(result.stdout).not.toContain(SECRET);
        expect(result.stderr).not.toContain(SECRET);
        expect(result.stdout + result.stderr).not.toContain('TOPSECRET');
      });
    }
  }

  it('a key given with --api-key is redacted too, including in --json attempts of a chain', async () => {
    server = await startServer((req, res) => sendJson(res, 400, { error: { message: `you sent ${req.headers.authorization}` } }));
    const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--api-key', SECRET, '--json', '--verbose', 'q']);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(JSON.parse(result.stdout).attempts[0].reason).toMatch(/you sent Bearer …cdef/);
  });

  it('warns when a key would travel over plain http to another machine', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { choices: [{ message: { content: 'ok' } }] }));
    const result = await runCli(['ask', '-p', 'openai', '--base-url', `http://0.0.0.0:${server.port}`, '--no-stream', 'q'], { env: { OPENAI_API_KEY: SECRET } });
    expect(result.stderr).toMatch(/sending the API key over unencrypted http to 0\.0\.0\.0/);
    const local = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--no-stream', 'q'], { env: { OPENAI_API_KEY: SECRET } });
    expect(local.stderr).toBe('');
  });
});
