import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/stream/http-errors.js';
import { startConnectProxy } from '../helpers/connect-proxy.js';
import { closeStartedServers, openAIChunk, sendJson, serve, streamOpenAI, track } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

const ollamaAnswer = (text: string) =>
  `${JSON.stringify({ message: { role: 'assistant', content: text }, done: false })}\n${JSON.stringify({ done: true, done_reason: 'stop', message: { content: '' } })}\n`;

describe('fallback chains', () => {
  it('moves to the next provider after a non-retryable failure, at once', async () => {
    const first = await serve((_req, res) => sendJson(res, 404, { error: { message: 'no such model' } }));
    const second = await serve((_req, res) => res.end(ollamaAnswer('from ollama')));
    const result = await runCli(['ask', '-p', 'openai,ollama', '--json', 'hi'], {
      env: { OPENAI_API_KEY: 'sk-12345678', G4F_CHAT_OPENAI_BASE_URL: first.url, OLLAMA_HOST: second.url },
    });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.text).toBe('from ollama');
    expect(json.provider).toBe('ollama');
    expect(json.attempts).toEqual([
      { provider: 'openai', model: 'gpt-4o-mini', outcome: 'failed', reason: 'HTTP 404: no such model', tries: 1, failure: 'http_status:404' },
      { provider: 'ollama', model: 'llama3.2', outcome: 'ok', tries: 1 },
    ]);
    // At the address the user set, the model list is asked first (this server keeps none), then one chat request:
    // a refused default is not looked up in the same list again.
    expect(first.modelListRequests).toHaveLength(1);
    expect(first.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('retries a retryable failure honouring Retry-After, then succeeds', async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls += 1;
      if (calls === 1) sendJson(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '1' });
      else streamOpenAI(res, ['after retry']);
    });
    const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--verbose', 'hi'], { env: { OPENAI_API_KEY: 'sk-12345678' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('after retry\n');
    expect(result.stderr).toMatch(/HTTP 429: slow down; retrying in 1\.0s/);
    expect(server.requests).toHaveLength(2);
  });

  it('moves on instead of waiting when Retry-After is longer than the cap', async () => {
    const slow = await serve((_req, res) => sendJson(res, 503, { error: 'busy' }, { 'retry-after': '3600' }));
    const next = await serve((_req, res) => res.end(ollamaAnswer('next one')));
    const result = await runCli(['ask', '-p', 'openai,ollama', 'hi'], {
      env: { OPENAI_API_KEY: 'sk-12345678', G4F_CHAT_OPENAI_BASE_URL: slow.url, OLLAMA_HOST: next.url },
    });
    expect(result.stdout).toBe('next one\n');
    expect(slow.requests).toHaveLength(1);
  });

  it('gives up after --retries and names every provider with its reason', async () => {
    const a = await serve((_req, res) => sendJson(res, 500, { error: { message: 'boom A' } }));
    const b = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<html><body>Service Unavailable</body></html>');
    });
    const result = await runCli(['ask', '-p', 'openai,ollama', '--retries', '1', 'hi'], {
      env: { OPENAI_API_KEY: 'sk-12345678', G4F_CHAT_OPENAI_BASE_URL: a.url, OLLAMA_HOST: b.url },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/every provider failed:\n\s+openai: HTTP 500: boom A\n\s+ollama: blocked by an HTML page/);
    expect(result.stderr).not.toContain('<html');
    expect(a.requests).toHaveLength(2);
    // OLLAMA_HOST is an address the user set: its list first, then one chat request.
    expect(b.requests.map((r) => r.url)).toEqual(['/api/tags', '/api/chat']);
  });

  it('never falls back once text was shown: partial kept, exit 1, cut short', async () => {
    const first = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(openAIChunk('seen text'));
      setTimeout(() => res.destroy(), 30);
    });
    const second = await serve((_req, res) => res.end(ollamaAnswer('must not appear')));
    const result = await runCli(['ask', '-p', 'openai,ollama', 'hi'], {
      env: { OPENAI_API_KEY: 'sk-12345678', G4F_CHAT_OPENAI_BASE_URL: first.url, OLLAMA_HOST: second.url },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('seen text\n');
    expect(result.stderr).toMatch(/cut short/);
    expect(second.requests).toHaveLength(0);
  });

  it('auto tries a local Ollama first when it answers', async () => {
    const local = await serve((req, res) => {
      if (req.url === '/api/tags') sendJson(res, 200, { models: [{ name: 'qwen2.5:latest' }] });
      else res.end(ollamaAnswer('local first'));
    });
    const result = await runCli(['ask', '--json', 'hi'], { env: { OLLAMA_HOST: local.url } });
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ text: 'local first', provider: 'ollama', model: 'qwen2.5:latest' });
  });

  it('auto skips keyed providers without a key and falls back to the keyless ones', async () => {
    const keyless = await serve((_req, res) => streamOpenAI(res, ['no key needed']));
    const result = await runCli(['ask', '--verbose', 'hi'], { env: { G4F_CHAT_OVHCLOUD_BASE_URL: keyless.url } });
    expect(result.stdout).toBe('no key needed\n');
    expect(result.stderr).toMatch(/skipped openai: no key \(set OPENAI_API_KEY\)/);
    expect(keyless.requests[0].headers.authorization).toBeUndefined();
  });

  it('routes through --proxy and through HTTP_PROXY', async () => {
    const target = await serve((_req, res) => streamOpenAI(res, ['proxied']));
    const proxy = await startConnectProxy();
    track(proxy);
    const flag = await runCli(['ask', '-p', 'openai', '--base-url', target.url, '--proxy', proxy.url, 'hi'], { env: { OPENAI_API_KEY: 'sk-12345678' } });
    expect(flag.stdout).toBe('proxied\n');
    const viaEnv = await runCli(['ask', '-p', 'openai', '--base-url', target.url, 'hi'], { env: { OPENAI_API_KEY: 'sk-12345678', HTTP_PROXY: proxy.url } });
    expect(viaEnv.stdout).toBe('proxied\n');
    // Both runs went through the proxy, the model list asked first as well as the prompt.
    expect(target.requests).toHaveLength(2);
    expect(target.modelListRequests).toHaveLength(2);
    const tunnels = proxy.targets.length;
    expect(tunnels).toBeGreaterThanOrEqual(2);
    expect(new Set(proxy.targets)).toEqual(new Set([`127.0.0.1:${target.port}`]));
    const bypass = await runCli(['ask', '-p', 'openai', '--base-url', target.url, 'hi'], {
      env: { OPENAI_API_KEY: 'sk-12345678', HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    });
    expect(bypass.stdout).toBe('proxied\n');
    expect(proxy.targets).toHaveLength(tunnels);
  });

  it('refuses --api-key along a chain, so a key never reaches another provider', async () => {
    const result = await runCli(['ask', '-p', 'openai,groq', '--api-key', 'sk-only-for-one', 'hi']);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('sk-only-for-one');
  });
});

describe('Retry-After parsing', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
