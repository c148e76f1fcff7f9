import { createHash, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI, type RecordedRequest } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';
import type { ServerResponse } from 'node:http';

afterEach(closeStartedServers);

const leadingZeroBits = (hex: string) => {
  let bits = 0;
  for (const c of hex) {
    const n = parseInt(c, 16);
    if (n) return bits + Math.clz32(n) - 28;
    bits += 4;
  }
  return bits;
};

/**
 * A stand-in for gpt4free's gateway worker that enforces its rules as gpt4free/g4f.dev states them:
 * `workers/api-worker.js` (`applyAnonymousCreditGate`: 402 insufficient_credits without credit,
 * `g4f_` account keys skip it; `model_not_allowed` 400 naming `allowed_models`; the body-hash
 * cache unless `cache-control` is exactly `no-cache`) and `workers/cake-worker.js` (`/cake/issue`
 * issues at least 5 uuids; `/cake/bake` checks the uuid was issued, the sha256 and the leading
 * zero bits, then credits 5 cents; 1,000 prompt tokens per cent, at least 1,000 a request).
 */
async function gatewayWorker(options: { difficulty?: number } = {}) {
  const difficulty = options.difficulty ?? 12;
  const issued = new Set<string>();
  let creditCents = 0;
  const allowed = ['llama-3.1-8b-instant', 'openai/gpt-oss-120b'];
  return serve((req: RecordedRequest, res: ServerResponse) => {
    if (req.method === 'GET' && req.url.startsWith('/cake/issue')) {
      const n = Math.min(Math.max(Number(new URL(req.url, 'http://x').searchParams.get('n')) || 0, 5, 1), 50);
      const uuids = Array.from({ length: n }, () => randomUUID());
      for (const u of uuids) issued.add(u);
      return sendJson(res, 200, { uuids, difficulty, algorithm: 'sha256', credit_cents: 5, baked_today: 0, limit_per_day: 100 });
    }
    if (req.method === 'POST' && req.url === '/cake/bake') {
      const { uuid, salt, nonce, hash } = JSON.parse(req.body);
      if (!issued.has(uuid)) return sendJson(res, 403, { error: 'uuid_not_issued' });
      if (createHash('sha256').update(`${uuid}:${salt}:${nonce}`).digest('hex') !== hash) return sendJson(res, 400, { error: 'hash_mismatch' });
      if (leadingZeroBits(hash) < difficulty) return sendJson(res, 400, { error: 'insufficient_difficulty' });
      issued.delete(uuid);
      creditCents += 5;
      return sendJson(res, 200, { ok: true, credit_cents: creditCents, baked_today: 1 });
    }
    if (req.method === 'POST' && req.url === '/api/groq/chat/completions') {
      const body = JSON.parse(req.body);
      const keyed = /^Bearer g4f_/.test(String(req.headers.authorization ?? ''));
      if (!keyed) {
        if (creditCents * 1000 < 1000) {
          return sendJson(res, 402, { error: { message: 'No cake credits. Bake proof-of-work cakes at g4f.dev/chat to earn anonymous usage, or sign up at g4f.dev/members.html.', type: 'insufficient_credits' } });
        }
        creditCents -= 1;
      }
      if (body.model !== 'auto' && !allowed.includes(body.model)) {
        return sendJson(res, 400, { error: { message: `Model '${body.model}' is not allowed on this server. Allowed: ${allowed.join(', ')}`, type: 'model_not_allowed' } });
      }
      if (req.headers['cache-control'] !== 'no-cache') return streamOpenAI(res, ['an answer cached for another prompt']);
      res.setHeader('x-provider', 'groq');
      res.setHeader('x-model', body.model);
      return streamOpenAI(res, [keyed ? 'member answer' : 'earned answer']);
    }
    sendJson(res, 404, { error: 'not found' });
  });
}

describe("gpt4free's gateways, as gpt4free/g4f.dev workers/api-worker.js runs them", () => {
  it('answers a 402 by earning credits with the published proof of work, saying so on stderr, then answers', async () => {
    const worker = await gatewayWorker();
    const result = await runCli(['ask', '-p', 'g4f-groq', '--json', 'hi'], { env: { G4F_CHAT_G4F_GROQ_BASE_URL: `${worker.url}/api/groq` } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ text: 'earned answer', model: 'auto', route: { provider: 'groq', model: 'auto' } });
    expect(result.stderr).toMatch(/no anonymous credits; earning some by proof of work/);
    expect(worker.requests.filter((r) => r.url === '/cake/bake').length).toBeGreaterThan(0);
    const chats = worker.requests.filter((r) => r.url === '/api/groq/chat/completions');
    expect(chats).toHaveLength(2);
    expect(chats.every((r) => r.headers['cache-control'] === 'no-cache')).toBe(true);
    expect(JSON.parse(chats[1].body).model).toBe('auto');
  });

  it('sends G4F_SPACE_API_KEY as a bearer token and bakes nothing', async () => {
    const worker = await gatewayWorker();
    const result = await runCli(['ask', '-p', 'g4f-groq', 'hi'], { env: { G4F_CHAT_G4F_GROQ_BASE_URL: `${worker.url}/api/groq`, G4F_SPACE_API_KEY: 'g4f_member_key_123' } });
    expect(result.stdout).toBe('member answer\n');
    expect(worker.requests.some((r) => r.url.startsWith('/cake'))).toBe(false);
    expect(result.stderr).not.toContain('g4f_member_key_123');
  });

  it('a work target beyond the bound is refused in one line that says what to do', async () => {
    const worker = await gatewayWorker({ difficulty: 40 });
    const result = await runCli(['ask', '-p', 'g4f-groq', '--retries', '0', 'hi'], { env: { G4F_CHAT_G4F_GROQ_BASE_URL: `${worker.url}/api/groq` } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no credits \(HTTP 402\)/);
    expect(result.stderr).toMatch(/G4F_SPACE_API_KEY/);
  });

  it('a model the route does not allow names the allowed ones', async () => {
    const worker = await gatewayWorker();
    const result = await runCli(['ask', '-p', 'g4f-groq', '-m', 'llama-3.3-70b-versatile', '--retries', '0', 'hi'], {
      env: { G4F_CHAT_G4F_GROQ_BASE_URL: `${worker.url}/api/groq`, G4F_SPACE_API_KEY: 'g4f_member_key_123' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/this route takes: llama-3\.1-8b-instant, openai\/gpt-oss-120b/);
  });
});

/**
 * A stand-in for AI Horde enforcing Haidra-Org/AI-Horde's rules: `horde/apis/models/kobold_v2.py`
 * (`max_length` 16..4096, `max_context_length` ≥ 80: a 400 otherwise) and `horde/apis/v2/kobold.py`
 * with `horde/classes/kobold/waiting_prompt.py` (under load, a job over the upfront limit is a
 * 403 KudosUpfront unless `allow_downgrade` lets the Horde shorten it).
 */
async function strictHorde() {
  let polls = 0;
  return serve((req, res) => {
    if (req.url === '/api/v2/status/models?type=text') return sendJson(res, 200, [{ name: 'koboldcpp/small', count: 3 }]);
    if (req.url === '/api/v2/generate/text/async') {
      const { params, allow_downgrade } = JSON.parse(req.body);
      if (!(params.max_length >= 16 && params.max_length <= 4096)) return sendJson(res, 400, { message: 'Input payload validation failed', errors: { 'params.max_length': `${params.max_length} is less than the minimum of 16` } });
      if (!(params.max_context_length >= 80)) return sendJson(res, 400, { message: 'Input payload validation failed', errors: { 'params.max_context_length': 'below 80' } });
      if (params.max_length > 256 && allow_downgrade !== true) return sendJson(res, 403, { message: 'Due to heavy demand, for requests over 256 tokens, the client needs to already have the required kudos.', rc: 'KudosUpfront' });
      return sendJson(res, 202, { id: 'job-9', kudos: 1 });
    }
    polls += 1;
    if (polls < 2) return sendJson(res, 200, { done: false, faulted: false, is_possible: true, queue_position: 1, wait_time: 1, processing: 0, waiting: 1 });
    sendJson(res, 200, { done: true, faulted: false, generations: [{ text: 'ok', model: 'koboldcpp/small' }] });
  }, { listsModels: true });
}

describe('AI Horde, as Haidra-Org/AI-Horde enforces a text job', () => {
  it('clamps a short --max-tokens to the 16-token minimum, asks to be downgraded, sizes the context from the prompt', async () => {
    const horde = await strictHorde();
    const result = await runCli(['ask', '-p', 'horde', '--max-tokens', '5', 'hello'], { env: { G4F_CHAT_HORDE_BASE_URL: horde.url } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ok\n');
    const body = JSON.parse(horde.requests.find((r) => r.url.endsWith('/async'))!.body);
    expect(body.allow_downgrade).toBe(true);
    expect(body.params.max_length).toBe(16);
    expect(body.params.max_context_length).toBeGreaterThanOrEqual(80);
    expect(body.params.max_context_length).toBeLessThan(4096);
  });

  it('providers --check passes against it', async () => {
    const horde = await strictHorde();
    const result = await runCli(['providers', '--check', '-p', 'horde'], { env: { G4F_CHAT_HORDE_BASE_URL: horde.url }, killAfterMs: 20_000 });
    expect(result.stdout.split('\n').find((l) => l.startsWith('horde'))).toMatch(/\bok\b/);
  });
});

/**
 * A stand-in for Pollinations' legacy text host (pollinations/pollinations
 * `text.pollinations.ai/legacyMigration.js`: anonymous requests keep being served; unknown models
 * are a 404 "…This is our legacy API…"; its `/models` entries carry a `tier`, `seed` being for
 * registered accounts).
 */
async function legacyPollinations(answer: 'text' | 'notice' | 'legacy404' = 'text') {
  return serve((req, res) => {
    if (req.method === 'GET' && req.url === '/models') return sendJson(res, 200, [{ name: 'openai', tier: 'anonymous' }, { name: 'claude-large', tier: 'seed' }]);
    if (answer === 'notice') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('Queue full for IP: 127.0.0.1. Please wait or get a token at auth.pollinations.ai');
    }
    if (answer === 'legacy404') return sendJson(res, 404, { error: 'Model not found: nosuch. This is our legacy API - see https://gen.pollinations.ai/text/models for current models' });
    streamOpenAI(res, ['pollinated']);
  }, { listsModels: true });
}

describe('Pollinations, as its legacy text host serves anonymous requests', () => {
  it('sends private:true, lists only anonymous-tier models, and stays out of auto (its answers may carry ads)', async () => {
    const server = await legacyPollinations();
    const env = { G4F_CHAT_POLLINATIONS_BASE_URL: server.url };
    const result = await runCli(['ask', '-p', 'pollinations', 'hi'], { env });
    expect(result.stdout).toBe('pollinated\n');
    // Its address was set by a variable: the list is asked first, and it has the default.
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /models', 'POST /openai']);
    expect(JSON.parse(server.requests[1].body)).toMatchObject({ private: true, model: 'openai' });
    const models = await runCli(['models', 'pollinations'], { env });
    expect(models.stdout).toBe('openai (default)\n');
    const auto = await runCli(['ask', '--verbose', '--retries', '0', 'hi'], { env });
    expect(auto.stderr).toMatch(/pollinations.*not in auto/);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const shown = await runCli(['providers', 'pollinations']);
    expect(shown.stdout).toMatch(/referral links/);
  });

  it('a notice in place of an answer is an error with a hint, never printed as the answer', async () => {
    const server = await legacyPollinations('notice');
    const result = await runCli(['ask', '-p', 'pollinations', '--retries', '0', 'hi'], { env: { G4F_CHAT_POLLINATIONS_BASE_URL: server.url } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/answered with a notice instead of an answer/);
    expect(result.stderr).toMatch(/POLLINATIONS_API_KEY/);
  });

  it("the legacy host's 404 for a model says where the models are", async () => {
    const server = await legacyPollinations('legacy404');
    const result = await runCli(['ask', '-p', 'pollinations', '-m', 'nosuch', '--retries', '0', 'hi'], { env: { G4F_CHAT_POLLINATIONS_BASE_URL: server.url } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/g4f-chat models pollinations/);
  });
});

describe('OVHcloud AI Endpoints, anonymous tier (ovh/docs endpoints_guide_01_getting_started: 2 requests a minute per address and model)', () => {
  it('answers with no key and no authorization header; a key goes as a bearer token; the third request in a minute is a 429', async () => {
    const seen: string[] = [];
    const server = await serve((req, res) => {
      const model = JSON.parse(req.body).model as string;
      if (!req.headers.authorization && seen.filter((m) => m === model).length >= 2) return sendJson(res, 429, { error: { message: 'rate limit exceeded' } });
      if (!req.headers.authorization) seen.push(model);
      streamOpenAI(res, ['bonjour']);
    });
    const env = { G4F_CHAT_OVHCLOUD_BASE_URL: server.url };
    for (let i = 0; i < 2; i++) expect((await runCli(['ask', '-p', 'ovhcloud', 'hi'], { env })).stdout).toBe('bonjour\n');
    expect(server.requests[0].headers.authorization).toBeUndefined();
    expect(server.requests[0].headers['user-agent']).toMatch(/^g4f-chat\//);
    const limited = await runCli(['ask', '-p', 'ovhcloud', '--retries', '0', 'hi'], { env });
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(/HTTP 429/);
    const keyed = await runCli(['ask', '-p', 'ovhcloud', 'hi'], { env: { ...env, OVH_AI_ENDPOINTS_ACCESS_TOKEN: 'ovh-token-123456' } });
    expect(keyed.stdout).toBe('bonjour\n');
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer ovh-token-123456');
  });
});
