import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

describe('g4f-chat models', () => {
  it('lists a provider’s models live, marking the default', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { data: [{ id: 'gpt-4o-mini' }, { id: 'gpt-x' }] }), { listsModels: true });
    const result = await runCli(['models', 'openai', '--base-url', server.url], { env: { OPENAI_API_KEY: 'sk-12345678' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('gpt-4o-mini (default)\ngpt-x\n');
    expect(server.requests[0].url).toBe('/models');
    expect(server.requests[0].headers.authorization).toBe('Bearer sk-12345678');
  });

  it('prints JSON with aliases, and falls back to the built-in table with a warning', async () => {
    const result = await runCli(['models', 'ai365vip', '--json']);
    expect(JSON.parse(result.stdout)).toEqual({
      provider: 'ai365vip',
      source: 'built-in',
      defaultModel: 'gpt-3.5-turbo',
      models: ['gpt-3.5-turbo', 'gpt-3.5-turbo-16k', 'gpt-4o'],
      modelAliases: { 'gpt-3.5-turbo': 'gpt-3.5-turbo-16k' },
    });
    const dead = await runCli(['models', 'ollama', '--timeout', '2'], { env: { OLLAMA_HOST: '127.0.0.1:9' } });
    expect(dead.code).toBe(0);
    expect(dead.stderr).toMatch(/could not fetch ollama's models \(connection refused/);
    expect(dead.stdout).toMatch(/^llama3\.2 \(default\)\n/);
  });
});

describe('g4f-chat providers --check', () => {
  it('probes providers concurrently: ok, failing with the reason, skipped without a key', async () => {
    const live = await serve((req, res) => (req.method === 'GET' ? sendJson(res, 200, { data: [{ id: 'openai' }] }) : streamOpenAI(res, ['h'])), { listsModels: true });
    const failing = await serve((_req, res) => sendJson(res, 500, { error: 'down for maintenance' }));
    const result = await runCli(['providers', '--check', '--json', '--timeout', '3'], {
      env: { G4F_CHAT_POLLINATIONS_BASE_URL: live.url, G4F_CHAT_G4F_GROQ_BASE_URL: failing.url, OLLAMA_HOST: '127.0.0.1:9' },
    });
    expect(result.code).toBe(0);
    const byId = Object.fromEntries((JSON.parse(result.stdout) as Array<{ id: string; check: Record<string, unknown> }>).map((p) => [p.id, p.check]));
    // A keyless provider is checked with a real one-token chat: a model list proves nothing.
    expect(byId.pollinations, JSON.stringify(byId.pollinations)).toMatchObject({ status: "ok", latencyMs: expect.any(Number), method: "chat" });
    expect(live.requests.map((r) => r.method)).toEqual(['POST']);
    expect(JSON.parse(live.requests[0].body).max_tokens).toBe(1);
    expect(byId['g4f-groq']).toMatchObject({ status: 'failing', reason: 'HTTP 500: down for maintenance' });
    expect(byId.opencode).toEqual({ status: 'skipped', reason: 'no key (OPENCODE_API_KEY)' });
    expect(byId.ollama).toMatchObject({ status: 'failing', reason: expect.stringMatching(/connection refused/) });
    expect(byId.openai).toEqual({ status: 'skipped', reason: 'no key (OPENAI_API_KEY)' });
    expect(byId.aivvm).toEqual({ status: 'skipped', reason: 'not working upstream' });
  });

  it('checks a provider marked not working when it is named, against --base-url', async () => {
    const server = await serve((_req, res) => res.end('pong'));
    const result = await runCli(['providers', '--check', '-p', 'aivvm', '--base-url', server.url]);
    const line = result.stdout.split('\n').find((l) => l.startsWith('aivvm'));
    expect(line).toMatch(/ok \(\d+ ms, chat\)/);
    expect(server.requests[0].url).toBe('/api/chat');
  });
});
