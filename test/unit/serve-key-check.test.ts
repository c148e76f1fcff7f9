import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIServer, type OpenAIServer } from '../../src/server/openai-server.js';
import { RecentReasoning } from '../../src/server/recent-reasoning.js';
import type { ServeContext } from '../../src/server/chat-completions.js';
import { fakeCatalog, localProvider, publicProvider } from './fakes.js';

const TOKEN = 'serve-token-0123456789abcdef';
// A local server whose model list is asked live: asking it is what must not happen before the key check.
let listed = 0;
const local = localProvider('local1', {
  listModels: async () => {
    listed += 1;
    return ['llama3.2'];
  },
});
const pub = publicProvider('pub1');

function context(): ServeContext {
  return {
    catalog: fakeCatalog([local, pub]),
    env: {},
    storedKeys: {},
    chain: 'auto',
    timeoutMs: 5000,
    retries: 0,
    allowPublic: false,
    probeLocal: async () => ['llama3.2'],
    modelCache: new Map(),
    recentReasoning: new RecentReasoning(),
  };
}

/** An in-process server on 127.0.0.1, with or without a token. */
async function listen(token?: string): Promise<{ served: OpenAIServer; url: string }> {
  const served = createOpenAIServer(context(), { token, log: () => {} });
  await new Promise<void>((resolve) => served.server.listen(0, '127.0.0.1', resolve));
  return { served, url: `http://127.0.0.1:${(served.server.address() as AddressInfo).port}` };
}

describe('serve: every route but /health sits behind --api-key', () => {
  let guarded: Awaited<ReturnType<typeof listen>>;
  let open: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    guarded = await listen(TOKEN);
    open = await listen();
  });
  afterAll(async () => {
    await guarded.served.shutdown(0);
    await open.served.shutdown(0);
  });

  it('GET /v1/models without the token is refused before any model list is asked', async () => {
    listed = 0;
    for (const path of ['/v1/models', '/models', '/v1/models/']) {
      const response = await fetch(`${guarded.url}${path}`);
      expect(response.status, path).toBe(401);
      const body = (await response.json()) as { error: { code: string; type: string } };
      expect(body.error).toMatchObject({ code: 'invalid_api_key', type: 'invalid_request_error' });
    }
    expect(listed).toBe(0);
  });

  it('a wrong token, or one that only starts right, is refused', async () => {
    for (const authorization of [`Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}x`, 'Bearer ', TOKEN.toUpperCase(), `Basic ${TOKEN}`]) {
      const response = await fetch(`${guarded.url}/v1/models`, { headers: { authorization } });
      expect(response.status, authorization).toBe(401);
    }
    expect((await fetch(`${guarded.url}/v1/models`, { headers: { 'x-api-key': 'nope' } })).status).toBe(401);
  });

  it('the token as OpenAI clients send it, or as Anthropic clients do, lists the models', async () => {
    const sendings: Array<Record<string, string>> = [{ authorization: `Bearer ${TOKEN}` }, { authorization: `bearer ${TOKEN}` }, { authorization: TOKEN }, { 'x-api-key': TOKEN }];
    for (const headers of sendings) {
      const response = await fetch(`${guarded.url}/v1/models`, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(200);
      const body = (await response.json()) as { data: Array<{ id: string }> };
      expect(body.data.map((m) => m.id)).toEqual(['auto', 'local1/llama3.2', 'pub1/pub1-model']);
    }
  });

  it('chat requests without the token are refused, in each API’s own shape, and reach no provider', async () => {
    const chat = await fetch(`${guarded.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'pub1/pub1-model', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(chat.status).toBe(401);
    const messages = await fetch(`${guarded.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'pub1/pub1-model', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(messages.status).toBe(401);
    expect(await messages.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(pub.calls).toHaveLength(0);
  });

  it('/health answers without the token: it says nothing but that the server is up', async () => {
    const response = await fetch(`${guarded.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('without --api-key the models are listed to anyone on this machine', async () => {
    const response = await fetch(`${open.url}/v1/models`);
    expect(response.status).toBe(200);
  });
});
