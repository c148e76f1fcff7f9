import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, openAIChunk, sendJson, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

const UPSTREAM_KEY = 'gsk-echoed-key-0123456789abcdef';
const SERVE_TOKEN = 'serve-token-9876543210zyxw';
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Every form a key could leak in: raw, or inside any base64 run of the text (decoded at each alignment). */
function expectNoKey(text: string, where: string): void {
  const decoded = (text.match(/[A-Za-z0-9+/]{12,}/g) ?? []).flatMap((run) => [0, 1, 2, 3].map((skip) => Buffer.from(run.slice(skip), 'base64').toString('latin1')));
  for (const secret of [UPSTREAM_KEY, SERVE_TOKEN]) {
    expect(text, where).not.toContain(secret);
    for (const plain of decoded) expect(plain, where).not.toContain(secret.slice(0, 12));
  }
}

const ENDPOINTS = [
  { path: '/chat/completions', body: (stream: boolean) => ({ model: 'auto', stream, messages: [{ role: 'user', content: 'hi' }] }) },
  { path: '/responses', body: (stream: boolean) => ({ model: 'auto', stream, input: 'hi' }) },
  { path: '/messages', body: (stream: boolean) => ({ model: 'auto', stream, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }) },
];

/** What a misconfigured upstream says back: the header it got, raw, the key in base64, and the whole header in base64. */
const echoOf = (req: RecordedRequest) => {
  const authorization = String(req.headers.authorization ?? req.headers['x-api-key'] ?? '');
  return `bad key: ${authorization} (base64 ${base64(authorization.replace(/^Bearer /, ''))}, the header in base64 ${base64(authorization)})`;
};

const UPSTREAMS: Record<string, (req: RecordedRequest, res: ServerResponse) => void> = {
  'a 401 before the answer': (req, res) => sendJson(res, 401, { error: { message: echoOf(req) } }),
  'an error event after the answer began': (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(`${openAIChunk('partial ')}data: ${JSON.stringify({ error: { message: echoOf(req), type: 'auth' } })}\n\n`);
  },
};

describe('error bodies of every endpoint are redacted', () => {
  for (const [name, handler] of Object.entries(UPSTREAMS)) {
    it(`${name}, echoing the key (raw and base64): never shown by any endpoint, streamed or not`, async () => {
      const echoing = await serve(handler);
      const { url } = await startServe(['-p', 'groq', '--retries', '0', '--api-key', SERVE_TOKEN], { GROQ_API_KEY: UPSTREAM_KEY, G4F_CHAT_GROQ_BASE_URL: echoing.url });
      for (const endpoint of ENDPOINTS) {
        for (const stream of [false, true]) {
          const res = await fetch(`${url}${endpoint.path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVE_TOKEN}` },
            body: JSON.stringify(endpoint.body(stream)),
          });
          const text = await res.text();
          const where = `${endpoint.path} stream=${stream}: ${text}`;
          // The upstream's words still arrive (the reason is not hidden), only the key is.
          expect(text, where).toContain('bad key');
          expectNoKey(text, where);
        }
      }
      expect(echoing.requests.length).toBe(ENDPOINTS.length * 2);
    });
  }
});
