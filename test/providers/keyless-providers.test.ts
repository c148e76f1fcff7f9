import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, openAIChunk, sendJson, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

const PUBLIC_VARIABLES = [
  'G4F_CHAT_OVHCLOUD_BASE_URL',
  'G4F_CHAT_POLLINATIONS_BASE_URL',
  'G4F_CHAT_G4F_GROQ_BASE_URL',
  'G4F_CHAT_G4F_GEMINI_BASE_URL',
  'G4F_CHAT_G4F_OLLAMA_BASE_URL',
  'G4F_CHAT_G4F_NVIDIA_BASE_URL',
  'G4F_CHAT_G4F_POLLINATIONS_BASE_URL',
  'G4F_CHAT_HORDE_BASE_URL',
];

describe("gpt4free's public gateways", () => {
  it('answer with no key, and x-provider / x-model are shown as the route', async () => {
    const gateway = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-provider': 'Groq', 'x-model': 'llama-3.3-70b-versatile' });
      res.end(`${openAIChunk('via the gateway')}data: [DONE]\n\n`);
    });
    const result = await runCli(['ask', '-p', 'g4f-groq', '--json', 'hi'], { env: { G4F_CHAT_G4F_GROQ_BASE_URL: gateway.url } });
    expect(JSON.parse(result.stdout)).toMatchObject({ text: 'via the gateway', provider: 'g4f-groq', route: { provider: 'Groq', model: 'llama-3.3-70b-versatile' } });
    const request = gateway.requests[0];
    expect(request.url).toBe('/chat/completions');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['user-agent']).toMatch(/^g4f-chat\/\d/);
    const verbose = await runCli(['ask', '-p', 'g4f-groq', '--verbose', 'hi'], { env: { G4F_CHAT_G4F_GROQ_BASE_URL: gateway.url } });
    expect(verbose.stderr).toMatch(/g4f-groq · auto \(route: Groq · llama-3\.3-70b-versatile\)/);
  });

  it('list their models live, and a 429 Retry-After is honoured and shown', async () => {
    let calls = 0;
    const gateway = await serve((req, res) => {
      if (req.method === 'GET') return sendJson(res, 200, { data: [{ id: 'gpt-oss:120b' }, { id: 'qwen3:32b' }] });
      calls += 1;
      if (calls === 1) return sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '1' });
      streamOpenAI(res, ['after the wait']);
    }, { listsModels: true });
    const models = await runCli(['models', 'g4f-ollama'], { env: { G4F_CHAT_G4F_OLLAMA_BASE_URL: gateway.url } });
    expect(models.stdout).toBe('gpt-oss:120b\nqwen3:32b\n');
    const result = await runCli(['ask', '-p', 'g4f-ollama', 'hi'], { env: { G4F_CHAT_G4F_OLLAMA_BASE_URL: gateway.url } });
    expect(result.stdout).toBe('after the wait\n');
    expect(result.stderr).toBe('g4f-ollama: HTTP 429, retrying in 1s (Ctrl-C to stop)\n');
  });
});

describe('pollinations', () => {
  it('a 402 naming the tier says the anonymous limit was reached and names the variable', async () => {
    const server = await serve((_req, res) => sendJson(res, 402, { error: 'Payment required', tier: 'anonymous' }));
    const result = await runCli(['ask', '-p', 'pollinations', 'hi'], { env: { G4F_CHAT_POLLINATIONS_BASE_URL: server.url } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/anonymous tier's limit was reached \(HTTP 402\)/);
    expect(result.stderr).toMatch(/POLLINATIONS_API_KEY/);
  });

  it('sends POLLINATIONS_API_KEY as a bearer token, and is then the user\'s own (keyed) provider', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['keyed']));
    const result = await runCli(['ask', '-p', 'pollinations', 'hi'], { env: { G4F_CHAT_POLLINATIONS_BASE_URL: server.url, POLLINATIONS_API_KEY: 'pk-own-key-1234' } });
    expect(result.stdout).toBe('keyed\n');
    expect(server.requests[0].url).toBe('/openai');
    expect(server.requests[0].headers.authorization).toBe('Bearer pk-own-key-1234');
    const shown = await runCli(['providers', 'pollinations'], { env: { POLLINATIONS_API_KEY: 'pk-own-key-1234', G4F_CHAT_POLLINATIONS_BASE_URL: undefined } });
    expect(shown.stdout).toMatch(/reach: +keyed/);
    expect(shown.stdout).not.toContain('pk-own-key-1234');
  });
});

/** A loopback AI Horde: each job goes queued → processing → done unless `outcome` says otherwise. */
function hordeServer(outcome: 'done' | 'faulted' | 'never' = 'done') {
  let polls = 0;
  return serve((req, res) => {
    if (req.url === '/api/v2/status/models?type=text') return sendJson(res, 200, [{ name: 'small', count: 1 }, { name: 'koboldcpp/big', count: 7 }]);
    if (req.url === '/api/v2/generate/text/async') return sendJson(res, 202, { id: 'job-1', kudos: 10 });
    if (req.url === '/api/v2/generate/text/status/job-1' && req.method === 'DELETE') return sendJson(res, 200, { done: false, faulted: false });
    polls += 1;
    if (outcome === 'faulted' && polls === 2) return sendJson(res, 200, { done: false, faulted: true, is_possible: true });
    if (outcome === 'never' || polls === 1) return sendJson(res, 200, { done: false, faulted: false, is_possible: true, queue_position: 3, wait_time: 12, processing: 0, waiting: 1 });
    if (polls === 2) return sendJson(res, 200, { done: false, faulted: false, is_possible: true, queue_position: 0, wait_time: 2, processing: 1, waiting: 0 });
    sendJson(res, 200, { done: true, faulted: false, generations: [{ text: 'Horde says hi', model: 'koboldcpp/big', worker_name: 'w' }] });
  }, { listsModels: true });
}

describe('AI Horde', () => {
  it('submits, shows the queue while it waits, and answers when the job is done', async () => {
    const horde = await hordeServer();
    const result = await runCli(['ask', '-p', 'horde', '-s', 'be brief', 'hello'], { env: { G4F_CHAT_HORDE_BASE_URL: horde.url } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Horde says hi\n');
    expect(result.stderr).toBe('horde: queue position 3, about 12s\nhorde: a worker is writing, about 2s\n');
    const submit = horde.requests.find((r) => r.url.endsWith('/async'))!;
    expect(submit.headers.apikey).toBe('0000000000');
    expect(submit.headers['client-agent']).toMatch(/^g4f-chat:\d[^:]*:https:\/\//);
    const body = JSON.parse(submit.body);
    // The model most workers serve, and the conversation as an instruct prompt.
    expect(body.models).toEqual(['koboldcpp/big']);
    expect(body.prompt).toBe('be brief\n\n### Instruction:\nhello\n\n### Response:\n');
    expect(body.params).toMatchObject({ max_length: expect.any(Number), max_context_length: expect.any(Number) });
  });

  it('a faulted job fails with the reason and the job is cancelled', async () => {
    const horde = await hordeServer('faulted');
    const result = await runCli(['ask', '-p', 'horde', '--retries', '0', 'hello'], { env: { G4F_CHAT_HORDE_BASE_URL: horde.url } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/horde: the job faulted/);
    expect(horde.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual(['/api/v2/generate/text/status/job-1']);
  });

  it('--max-time cancels a job that never finishes, with a DELETE', async () => {
    const horde = await hordeServer('never');
    const result = await runCli(['ask', '-p', 'horde', '--retries', '0', '--max-time', '3', 'hello'], { env: { G4F_CHAT_HORDE_BASE_URL: horde.url } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no complete answer within 3s/);
    expect(horde.requests.some((r) => r.method === 'DELETE')).toBe(true);
  });

  it('Ctrl-C cancels the job with a DELETE and exits 130', async () => {
    const horde = await hordeServer('never');
    const { spawn } = await import('node:child_process');
    const { BIN, cleanEnv } = await import('../helpers/run-cli.js');
    const child = spawn(process.execPath, [BIN, 'ask', '-p', 'horde', 'hello'], { env: { ...cleanEnv(tempHome()), G4F_CHAT_HORDE_BASE_URL: horde.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    while (!stderr.includes('queue position')) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(horde.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });
});

describe('auto with no key and no configuration', () => {
  it('answers from the one keyless provider still working, and says who answered', async () => {
    const down = await serve((_req, res) => sendJson(res, 503, { error: 'down' }));
    const alive = await serve((_req, res) => streamOpenAI(res, ['still here']));
    const env: Record<string, string> = {};
    for (const name of PUBLIC_VARIABLES) env[name] = down.url;
    env.G4F_CHAT_G4F_NVIDIA_BASE_URL = alive.url;
    const result = await runCli(['ask', '--retries', '0', 'hi'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('still here\n');
    // Each move is said as it happens; then who answered.
    expect(result.stderr).toMatch(/^ovhcloud failed \(HTTP 503\); trying g4f-groq\ng4f-groq failed \(HTTP 503\); trying g4f-gemini\ng4f-gemini failed \(HTTP 503\); trying g4f-ollama\ng4f-ollama failed \(HTTP 503\); trying g4f-nvidia\nanswered by g4f-nvidia · \S+\n$/);
  });

  it('a provider that failed on the previous run is tried after the healthy ones on the next', async () => {
    const home = tempHome();
    const flaky = await serve((_req, res) => sendJson(res, 500, { error: 'broken' }));
    const healthy = await serve((_req, res) => streamOpenAI(res, ['healthy']));
    const env: Record<string, string> = {};
    for (const name of PUBLIC_VARIABLES) env[name] = healthy.url;
    env.G4F_CHAT_OVHCLOUD_BASE_URL = flaky.url;
    const first = await runCli(['ask', '--retries', '0', '--json', 'hi'], { home, env });
    expect(JSON.parse(first.stdout).attempts.filter((a: { tries: number }) => a.tries > 0).map((a: { provider: string }) => a.provider)).toEqual(['ovhcloud', 'g4f-groq']);
    const second = await runCli(['ask', '--retries', '0', '--json', '--verbose', 'hi'], { home, env });
    expect(JSON.parse(second.stdout).provider).toBe('g4f-groq');
    expect(flaky.requests).toHaveLength(1);
    expect(second.stderr).toMatch(/ovhcloud moved back: it failed \d+s ago \(http_status:500\)/);
    const listed = await runCli(['providers'], { home });
    expect(listed.stdout.split('\n').find((l) => l.startsWith('ovhcloud'))).toMatch(/failed \(http_status:500\) just now/);
    expect(listed.stdout.split('\n').find((l) => l.startsWith('g4f-groq'))).toMatch(/ok just now/);
  });
});

describe('adding a free tier', () => {
  it('is one short file over the OpenAI-compatible factory', () => {
    const dir = fileURLToPath(new URL('../../src/providers/openai/', import.meta.url));
    const tiers = ['cerebras', 'nvidia', 'mistral', 'huggingface', 'github', 'together', 'deepinfra', 'openrouter', 'groq', 'deepseek'];
    for (const id of tiers) {
      const source = readFileSync(`${dir}${id}.ts`, 'utf8');
      expect(source.trimEnd().split('\n').length, id).toBeLessThanOrEqual(15);
      expect(source, id).toMatch(/openAICompatible\(/);
    }
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(tiers.map((id) => `${id}.ts`)));
  });

  it('each free tier answers with its key against a server speaking its protocol', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['tier ok']));
    const keys: Record<string, string> = { cerebras: 'CEREBRAS_API_KEY', nvidia: 'NVIDIA_API_KEY', mistral: 'MISTRAL_API_KEY', huggingface: 'HF_TOKEN', github: 'GITHUB_MODELS_TOKEN', together: 'TOGETHER_API_KEY', deepinfra: 'DEEPINFRA_API_KEY' };
    for (const [id, variable] of Object.entries(keys)) {
      const result = await runCli(['ask', '-p', id, '--base-url', server.url, 'hi'], { env: { [variable]: `key-of-${id}-123` } });
      expect(result.stdout, id).toBe('tier ok\n');
      expect(server.requests.at(-1)!.headers.authorization, id).toBe(`Bearer key-of-${id}-123`);
    }
  });
});
