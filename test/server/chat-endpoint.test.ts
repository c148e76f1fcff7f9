import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { G4fError } from '../../src/ground/errors.js';
import { registerSecret } from '../../src/ground/redact.js';
import { createOpenAIServer, type OpenAIServer } from '../../src/server/openai-server.js';
import { RecentReasoning } from '../../src/server/recent-reasoning.js';
import type { ServeContext } from '../../src/server/serve-context.js';
import { answer, failing, fakeCatalog, publicProvider } from '../unit/fakes.js';

const KEY = 'sk-skeleton-secret-0123456789';
registerSecret(KEY);

// In memory: `late` fails after its first words, `early` before any; each failure says the key back.
const late = publicProvider('late', { scripts: [failing(new G4fError(`cut short, key ${KEY}`, { code: 'internal' }), [{ type: 'start', provider: 'late', model: 'm' }, { type: 'text', text: 'partial ' }])] });
const early = publicProvider('early', { scripts: [failing(new G4fError(`refused, key ${KEY}`, { code: 'internal' }))] });
const fine = publicProvider('fine', { scripts: [answer('whole answer', 'fine')] });

function context(): ServeContext {
  return { catalog: fakeCatalog([late, early, fine]), env: {}, storedKeys: {}, chain: 'fine', timeoutMs: 5000, retries: 0, allowPublic: true, probeLocal: async () => undefined, modelCache: new Map(), recentReasoning: new RecentReasoning() };
}

let served: OpenAIServer;
let url: string;
beforeAll(async () => {
  served = createOpenAIServer(context(), { log: () => {} });
  await new Promise<void>((resolve) => served.server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(served.server.address() as AddressInfo).port}`;
});
afterAll(() => served.shutdown(0));

const BODIES = {
  '/v1/chat/completions': (model: string, stream: boolean) => ({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
  '/v1/responses': (model: string, stream: boolean) => ({ model, stream, input: 'hi' }),
  '/v1/messages': (model: string, stream: boolean) => ({ model, stream, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
};
type Path = keyof typeof BODIES;

async function post(path: Path, model: string, stream: boolean): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BODIES[path](model, stream)) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('the answer skeleton shared by the three chat APIs', () => {
  it('a failure before the answer began is a whole error body in the API’s shape, redacted', async () => {
    for (const path of Object.keys(BODIES) as Path[]) {
      for (const stream of [false, true]) {
        const { status, type, text } = await post(path, 'early/m', stream);
        expect(status, path).toBe(502);
        expect(type).toBe('application/json');
        const body = JSON.parse(text) as Record<string, any>;
        const message = body.error.message as string;
        if (path === '/v1/messages') expect(body).toMatchObject({ type: 'error', error: { type: 'api_error' } });
        else expect(body.error).toMatchObject({ type: 'upstream_error', code: 'all_providers_failed' });
        expect(message).toContain('refused, key');
        expect(text).not.toContain(KEY);
      }
    }
  });

  it('a failure after a streamed answer began goes in the stream as each API sends one, redacted', async () => {
    const chat = await post('/v1/chat/completions', 'late/m', true);
    expect(chat.status).toBe(200);
    expect(chat.text).toContain('"content":"partial "');
    expect(chat.text).toMatch(/data: \{"error":\{"message":"[^"]*cut short, key/);
    const responses = await post('/v1/responses', 'late/m', true);
    expect(responses.text).toMatch(/event: response\.failed\ndata: .*"status":"failed".*cut short, key/);
    const messages = await post('/v1/messages', 'late/m', true);
    expect(messages.text).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"[^"]*cut short, key/);
    for (const { text } of [chat, responses, messages]) expect(text).not.toContain(KEY);
  });

  it('an answer that finishes is written whole by each API', async () => {
    expect(JSON.parse((await post('/v1/chat/completions', 'auto', false)).text).choices[0].message.content).toBe('whole answer');
    expect(JSON.parse((await post('/v1/responses', 'auto', false)).text).output[0].content[0].text).toBe('whole answer');
    expect(JSON.parse((await post('/v1/messages', 'auto', false)).text).content).toEqual([{ type: 'text', text: 'whole answer' }]);
  });
});
