import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, openAIChunk, serve, type LoopbackServer } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, any>;
}

/** A request with any headers, Host included (fetch does not let a page or a test set Host). */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, any>) : {} }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const BODIES: Record<string, object> = {
  '/chat/completions': { model: 'auto', messages: [{ role: 'user', content: 'hi' }] },
  '/responses': { model: 'auto', input: 'hi' },
  '/messages': { model: 'auto', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] },
};

/** The message of an error in either API's shape, checked to be that API's. */
function errorMessage(path: string, json: Record<string, any>): string {
  if (path === '/messages') {
    expect(json).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
    return json.error.message as string;
  }
  expect(json).toMatchObject({ error: { message: expect.any(String), type: expect.any(String), code: expect.any(String) } });
  return json.error.message as string;
}

async function serveAnswering(args: string[] = []): Promise<{ url: string; upstream: LoopbackServer }> {
  const upstream = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(`${openAIChunk('fine')}data: [DONE]\n\n`);
  });
  const { url } = await startServe(['-p', 'groq', '--retries', '0', ...args], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
  return { url, upstream };
}

describe('serve refuses what a web page could send it', () => {
  it('a page of another site (any Origin not allowed) is refused with 403 naming --allow-origin, in each API’s shape, and reaches no provider', async () => {
    const { url, upstream } = await serveAnswering();
    for (const [path, body] of Object.entries(BODIES)) {
      for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
        const answer = await send(`${url}${path}`, 'POST', { origin: 'http://evil.example', 'content-type': type }, JSON.stringify(body));
        expect(answer.status, `${path} ${type}`).toBe(403);
        expect(errorMessage(path, answer.json)).toMatch(/--allow-origin/);
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
    // A preflight from it gets no permission either.
    const preflight = await send(`${url}/chat/completions`, 'OPTIONS', { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(upstream.requests).toHaveLength(0);
  });

  it('every POST needs Content-Type: application/json (415 naming it), parameters allowed; programs without Origin are served', async () => {
    const { url, upstream } = await serveAnswering();
    for (const [path, body] of Object.entries(BODIES)) {
      for (const headers of [{ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'multipart/form-data; boundary=x' }, {} as Record<string, string>]) {
        const answer = await send(`${url}${path}`, 'POST', headers, JSON.stringify(body));
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(415);
        expect(errorMessage(path, answer.json)).toMatch(/Content-Type must be application\/json/);
      }
    }
    expect(upstream.requests).toHaveLength(0);
    const answered = await send(`${url}/chat/completions`, 'POST', { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(BODIES['/chat/completions']));
    expect(answered.status).toBe(200);
    expect(answered.json.choices[0].message.content).toBe('fine');
  });

  it('a Host that is not this server (DNS rebinding) is refused with 403 naming --allow-host, for /v1/models and every POST', async () => {
    const { url, upstream } = await serveAnswering();
    const port = new URL(url).port;
    const models = await send(`${url}/models`, 'GET', { host: `evil.example:${port}` });
    expect(models.status).toBe(403);
    expect(errorMessage('/models', models.json)).toMatch(/--allow-host/);
    expect(models.json.data).toBeUndefined();
    for (const [path, body] of Object.entries(BODIES)) {
      const answer = await send(`${url}${path}`, 'POST', { ...JSON_TYPE, host: `evil.example:${port}` }, JSON.stringify(body));
      expect(answer.status, path).toBe(403);
      expect(errorMessage(path, answer.json)).toMatch(/--allow-host/);
    }
    expect(upstream.requests).toHaveLength(0);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, 'localhost', `[::1]:${port}`]) {
      expect((await send(`${url}/models`, 'GET', { host })).status, host).toBe(200);
    }
  });

  it('--allow-host and --allow-origin (repeatable) let a name and a page in; a preflight from an allowed page is answered with CORS headers', async () => {
    const { url, upstream } = await serveAnswering(['--allow-host', 'models.internal', '--allow-host', 'other.internal', '--allow-origin', 'https://app.example', '--allow-origin', 'https://second.example']);
    const port = new URL(url).port;
    expect((await send(`${url}/models`, 'GET', { host: `models.internal:${port}` })).status).toBe(200);
    expect((await send(`${url}/models`, 'GET', { host: `other.internal:${port}` })).status).toBe(200);
    expect((await send(`${url}/models`, 'GET', { host: `evil.example:${port}` })).status).toBe(403);

    const preflight = await send(`${url}/chat/completions`, 'OPTIONS', { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization, x-stainless-os' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type, authorization, x-stainless-os');

    for (const origin of ['https://app.example', 'https://second.example', 'http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000']) {
      const answer = await send(`${url}/chat/completions`, 'POST', { ...JSON_TYPE, origin }, JSON.stringify(BODIES['/chat/completions']));
      expect(answer.status, origin).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe(origin);
    }
    // (GET /v1/models asks the upstream's model list too: only the chat requests are counted.)
    expect(upstream.requests.filter((r) => r.method === 'POST')).toHaveLength(5);
  });

  it('--allow-origin "*" lets any page in', async () => {
    const { url } = await serveAnswering(['--allow-origin', '*']);
    const answer = await send(`${url}/messages`, 'POST', { ...JSON_TYPE, origin: 'http://anything.example' }, JSON.stringify(BODIES['/messages']));
    expect(answer.status).toBe(200);
    expect(answer.json.content).toEqual([{ type: 'text', text: 'fine' }]);
  });

  it('GET /v1/models needs the --api-key token like every other route: no model list is asked without it', async () => {
    const ollama = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/api/tags' ? JSON.stringify({ models: [{ name: 'qwen3:8b' }] }) : '{"done":true}\n');
    }, { listsModels: true });
    const { url } = await startServe(['--api-key', 'serve-token-1234567890'], { OLLAMA_HOST: ollama.url });
    const before = ollama.requests.length;
    const refused = await send(`${url}/models`, 'GET', {});
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('invalid_api_key');
    expect(ollama.requests.length).toBe(before);
    const listed = await send(`${url}/models`, 'GET', { authorization: 'Bearer serve-token-1234567890' });
    expect(listed.json.data.map((m: { id: string }) => m.id)).toContain('ollama/qwen3:8b');
  });
});

describe('serve refuses a body nested too deep before any upstream request', () => {
  const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

  it('100,000 levels inside tools[0].function.parameters is a 400 naming the field, in each API', async () => {
    const { url, upstream } = await serveAnswering();
    const cases = [
      { path: '/chat/completions', field: 'tools[0].function.parameters', body: `{"model":"auto","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${nested(100_000)}}}]}` },
      { path: '/responses', field: 'tools[0].parameters', body: `{"model":"auto","input":"hi","tools":[{"type":"function","name":"f","parameters":${nested(100_000)}}]}` },
      { path: '/messages', field: 'tools.0.input_schema', body: `{"model":"auto","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"f","input_schema":${nested(100_000)}}]}` },
    ];
    for (const { path, field, body } of cases) {
      const answer = await send(`${url}${path}`, 'POST', JSON_TYPE, body);
      expect(answer.status, path).toBe(400);
      expect(errorMessage(path, answer.json)).toContain(field);
      if (path !== '/messages') expect(answer.json.error.param).toBe(field);
    }
    expect(upstream.requests).toHaveLength(0);
    // A schema nested as deep as real ones are still goes through.
    const fine = `{"model":"auto","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${nested(40)}}}]}`;
    expect((await send(`${url}/chat/completions`, 'POST', JSON_TYPE, fine)).status).toBe(200);
  });
});

describe('serve --help', () => {
  it('names the browser flags and states the connection bounds', async () => {
    const { stdout, code } = await runCli(['serve', '--help']);
    expect(code).toBe(0);
    for (const text of ['--allow-origin', '--allow-host', '--idle-timeout', 'Content-Type: application/json', '10 s', '5 s', '120 s']) expect(stdout).toContain(text);
  });
});
