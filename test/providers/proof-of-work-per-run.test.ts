import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CpuAllowance } from '../../src/ground/cpu-allowance.js';
import { bakeCakes, cakeEndpoint } from '../../src/providers/keyless/g4f-cake-baker.js';
import { closeStartedServers, sendJson, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

/**
 * A hostile stand-in for gpt4free's gateway: every route refuses with 402
 * insufficient_credits, and every batch of cakes asks for the most work g4f-chat accepts
 * (24 bits), so hashing runs until the allowance ends.
 */
function hostileGateway() {
  return serve((req: RecordedRequest, res: ServerResponse) => {
    if (req.url.startsWith('/cake/issue')) return sendJson(res, 200, { uuids: Array.from({ length: 5 }, () => randomUUID()), difficulty: 24, credit_cents: 0 });
    if (req.url === '/cake/bake') return sendJson(res, 200, { ok: true, credit_cents: 0 });
    sendJson(res, 402, { error: { message: 'No cake credits.', type: 'insufficient_credits' } });
  });
}

const issues = (server: { requests: RecordedRequest[] }) => server.requests.filter((r) => r.url.startsWith('/cake/issue')).length;
const bakes = (server: { requests: RecordedRequest[] }) => server.requests.filter((r) => r.url === '/cake/bake').length;

describe('proof of work: one CPU allowance per run, whatever the routes', () => {
  it('a second bake with the same allowance asks for no work once the first spent it', async () => {
    const gateway = await hostileGateway();
    const ctx = { baseURL: `${gateway.url}/api/groq`, signal: new AbortController().signal, timeoutMs: 5000 };
    const allowance = new CpuAllowance(30);
    const first = await bakeCakes(ctx, cakeEndpoint(ctx.baseURL), { cakes: 2, allowance });
    expect(allowance.exhausted).toBe(true);
    const second = await bakeCakes(ctx, cakeEndpoint(ctx.baseURL), { cakes: 2, allowance });
    expect(first.baked + second.baked).toBe(0);
    expect(issues(gateway)).toBe(1);
  });

  it('separate allowances each get their own work (the bound is the allowance, not the endpoint)', async () => {
    const gateway = await hostileGateway();
    const ctx = { baseURL: `${gateway.url}/api/groq`, signal: new AbortController().signal, timeoutMs: 5000 };
    await bakeCakes(ctx, cakeEndpoint(ctx.baseURL), { cakes: 2, allowance: new CpuAllowance(10) });
    await bakeCakes(ctx, cakeEndpoint(ctx.baseURL), { cakes: 2, allowance: new CpuAllowance(10) });
    expect(issues(gateway)).toBe(2);
  });

  it('ask -p over three routes of one hostile gateway hashes within one allowance: only the first route asks for work', async () => {
    const gateway = await hostileGateway();
    const env = Object.fromEntries(['GROQ', 'GEMINI', 'OLLAMA'].map((route) => [`G4F_CHAT_G4F_${route}_BASE_URL`, `${gateway.url}/api/${route.toLowerCase()}`]));
    const result = await runCli(['ask', '-p', 'g4f-groq,g4f-gemini,g4f-ollama', '--retries', '0', '--no-history', 'hi'], { env, killAfterMs: 40_000 });
    expect(result.code).toBe(1);
    // 24 bits take 16.7M hashes on average: within 5 s a cake is sometimes found by luck, and
    // then the allowance is not spent yet, so a later route may rightly ask for work again.
    // Without a cake found, only the first route ever asks.
    expect(issues(gateway)).toBeLessThanOrEqual(1 + bakes(gateway));
    if (bakes(gateway) === 0) expect(issues(gateway)).toBe(1);
    expect(gateway.requests.filter((r) => r.url.endsWith('/chat/completions')).length).toBeGreaterThanOrEqual(3);
    expect(result.stderr).toMatch(/spent its 5s of CPU for proof of work/);
  }, 45_000);
});
