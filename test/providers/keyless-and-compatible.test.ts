import { afterEach, describe, expect, it } from 'vitest';
import { opencode } from '../../src/providers/openai/opencode.js';
import { openrouter } from '../../src/providers/openai/openrouter.js';
import { pollinations } from '../../src/providers/keyless/pollinations.js';
import { collect, context, textOf, userRequest } from '../helpers/collect.js';
import { openAIChunk, openAIFinish, sendJson, startServer, streamOpenAI, type LoopbackServer } from '../helpers/loopback-server.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('pollinations', () => {
  it('posts to /openai with its default model and no auth header', async () => {
    server = await startServer((_req, res) => streamOpenAI(res, ['free']));
    const parts = await collect(pollinations, userRequest('hi'), context(server.url));
    expect(textOf(parts)).toBe('free');
    expect(server.requests[0].url).toBe('/openai');
    expect(server.requests[0].headers.authorization).toBeUndefined();
    expect(JSON.parse(server.requests[0].body).model).toBe('openai');
  });

  it('lists models live', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, [{ name: 'openai', description: 'x' }, { name: 'mistral' }]), { listsModels: true });
    expect(await pollinations.listModels!(context(server.url))).toEqual(['openai', 'mistral']);
  });
});

describe('opencode', () => {
  it("sends the user's own key, and nothing pretending to be another client", async () => {
    server = await startServer((_req, res) => streamOpenAI(res, ['zen']));
    await collect(opencode, userRequest('hi'), context(server.url, { apiKey: 'oc-own-key-123' }));
    expect(server.requests[0].headers.authorization).toBe('Bearer oc-own-key-123');
    expect(server.requests[0].headers['user-agent']).toMatch(/^g4f-chat\//);
    expect(opencode.kind).toBe('keyed');
  });
});

describe('openrouter', () => {
  it('skips its comment lines', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': OPENROUTER PROCESSING\n\n');
      res.write(openAIChunk('routed'));
      res.write(': OPENROUTER PROCESSING\n\n');
      res.end(`${openAIFinish()}data: [DONE]\n\n`);
    });
    const parts = await collect(openrouter, userRequest('hi'), context(server.url, { apiKey: 'sk-or-123456' }));
    expect(textOf(parts)).toBe('routed');
  });
});
