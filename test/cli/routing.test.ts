import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

/** Every public keyless provider pointed at `url` (a stand-in for a public service). */
const publicAt = (url: string) => ({
  G4F_CHAT_OVHCLOUD_BASE_URL: url,
  G4F_CHAT_POLLINATIONS_BASE_URL: url,
  G4F_CHAT_G4F_GROQ_BASE_URL: url,
  G4F_CHAT_G4F_OLLAMA_BASE_URL: url,
  G4F_CHAT_G4F_NVIDIA_BASE_URL: url,
  G4F_CHAT_G4F_GEMINI_BASE_URL: url,
  G4F_CHAT_G4F_POLLINATIONS_BASE_URL: url,
  G4F_CHAT_HORDE_BASE_URL: url,
});

async function publicService() {
  return serve((_req, res) => streamOpenAI(res, ['public answer']));
}

describe('where a prompt may go', () => {
  const privateFailures = {
    'HTTP 500': async () => (await serve((_req, res) => sendJson(res, 500, { error: { message: 'private boom' } }))).url,
    'a refused connection': async () => 'http://127.0.0.1:9',
    'a timeout': async () => (await serve(() => undefined)).url,
  };
  for (const [what, start] of Object.entries(privateFailures)) {
    it(`a private endpoint failing with ${what} never sends the prompt to a public provider by default`, async () => {
      const open = await publicService();
      const privateURL = await start();
      const result = await runCli(['ask', '--retries', '0', '--timeout', '1', 'review my private code'], {
        env: { OPENAI_API_KEY: 'sk-private-123456', G4F_CHAT_OPENAI_BASE_URL: privateURL, ...publicAt(open.url) },
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(open.requests).toHaveLength(0);
      expect(result.stderr).toMatch(/openai failed:/);
      expect(result.stderr).toMatch(/not sent to ovhcloud/);
      expect(result.stderr).toMatch(/--fallback public/);
      expect(result.stderr).toMatch(/config set fallback public/);
    });
  }

  it('with --fallback public the prompt moves on, and stderr names who failed and who answered', async () => {
    const open = await publicService();
    const broken = await serve((_req, res) => sendJson(res, 500, { error: { message: 'private boom' } }));
    const result = await runCli(['ask', '--retries', '0', '--fallback', 'public', 'hi'], {
      env: { OPENAI_API_KEY: 'sk-private-123456', G4F_CHAT_OPENAI_BASE_URL: broken.url, ...publicAt(open.url) },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('public answer\n');
    expect(result.stderr).toMatch(/^openai failed \(HTTP 500\); trying \S+\nanswered by \S+ · \S+\n$/);
    expect(open.requests).toHaveLength(1);
  });

  it('`config set fallback public` is the lasting opt-in', async () => {
    const home = tempHome();
    expect((await runCli(['config', 'set', 'fallback', 'public'], { home })).code).toBe(0);
    const open = await publicService();
    const result = await runCli(['ask', '--retries', '0', 'hi'], {
      home,
      env: { OPENAI_API_KEY: 'sk-private-123456', G4F_CHAT_OPENAI_BASE_URL: 'http://127.0.0.1:9', ...publicAt(open.url) },
    });
    expect(result.stdout).toBe('public answer\n');
    expect(result.stderr).toMatch(/openai failed \(connection refused/);
    expect((await runCli(['config', 'set', 'fallback', 'anywhere'], { home })).code).toBe(2);
  });

  it('an explicit chain keeps the same rule', async () => {
    const open = await publicService();
    const result = await runCli(['ask', '-p', 'openai,pollinations', '--retries', '0', 'hi'], {
      env: { OPENAI_API_KEY: 'sk-private-123456', G4F_CHAT_OPENAI_BASE_URL: 'http://127.0.0.1:9', ...publicAt(open.url) },
    });
    expect(result.code).toBe(1);
    expect(open.requests).toHaveLength(0);
  });

  it('within the same reach fallback stays automatic and is announced', async () => {
    const broken = await serve((_req, res) => sendJson(res, 503, { error: 'down' }));
    const groq = await serve((_req, res) => streamOpenAI(res, ['from groq']));
    const result = await runCli(['ask', '-p', 'openai,groq', '--retries', '0', 'hi'], {
      env: { OPENAI_API_KEY: 'sk-a-12345678', GROQ_API_KEY: 'gsk-b-12345678', G4F_CHAT_OPENAI_BASE_URL: broken.url, G4F_CHAT_GROQ_BASE_URL: groq.url },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('from groq\n');
    expect(result.stderr).toBe('openai failed (HTTP 503); trying groq\nanswered by groq · openai/gpt-oss-120b\n');
  });

  it('with no private provider at all, the public keyless ones answer with no setup', async () => {
    const open = await publicService();
    const result = await runCli(['ask', 'hi'], { env: publicAt(open.url) });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('public answer\n');
  });

  it('a base URL given only by variable puts a keyed provider in auto with no key', async () => {
    const local = await serve((_req, res) => streamOpenAI(res, ['from my server']));
    const open = await publicService();
    const result = await runCli(['ask', '--json', 'hi'], { env: { G4F_CHAT_OPENAI_BASE_URL: local.url, ...publicAt(open.url) } });
    expect(JSON.parse(result.stdout)).toMatchObject({ text: 'from my server', provider: 'openai' });
    expect(local.requests[0].headers.authorization).toBeUndefined();
    expect(open.requests).toHaveLength(0);
  });
});

describe('endpoints of your own, stored in config', () => {
  const modelsAndChat = (answer: string) =>
    serve((req, res) => {
      if (req.url === '/v1/models') return sendJson(res, 200, { object: 'list', data: [{ id: 'qwen-local' }, { id: 'other' }] });
      streamOpenAI(res, [answer]);
    }, { listsModels: true });

  it('a provider added with `config set` answers through ask, chat, models and providers, across runs', async () => {
    const home = tempHome();
    const server = await modelsAndChat('from lmstudio');
    const set = await runCli(['config', 'set', 'providers.lmstudio.baseUrl', `${server.url}/v1`], { home });
    expect(set.code).toBe(0);

    const asked = await runCli(['ask', '-p', 'lmstudio', 'hi'], { home });
    expect(asked.stdout).toBe('from lmstudio\n');
    const chatRequest = server.requests.find((r) => r.url === '/v1/chat/completions')!;
    // No model configured: the first one the server lists.
    expect(JSON.parse(chatRequest.body).model).toBe('qwen-local');
    expect(chatRequest.headers.authorization).toBeUndefined();

    const chat = await runCli(['chat', '-p', 'lmstudio', '--no-history'], { home, input: 'hello\n' });
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain('from lmstudio');

    const models = await runCli(['models', 'lmstudio'], { home });
    expect(models.stdout.split('\n')).toEqual(expect.arrayContaining(['qwen-local', 'other']));

    const listed = await runCli(['providers'], { home });
    expect(listed.stdout.split('\n').find((l) => l.startsWith('lmstudio'))).toMatch(/^lmstudio\s+lmstudio\s+local\s+-\s+yes/);
    const shown = await runCli(['providers', 'lmstudio'], { home });
    expect(shown.stdout).toContain(`base URL:       ${server.url}/v1 (from config providers.lmstudio.baseUrl)`);

    await runCli(['config', 'set', 'providers.lmstudio.defaultModel', 'other'], { home });
    await runCli(['ask', '-p', 'lmstudio', 'again'], { home });
    expect(JSON.parse(server.requests.filter((r) => r.url === '/v1/chat/completions').at(-1)!.body).model).toBe('other');
    expect((await runCli(['config', 'get', 'providers.lmstudio.defaultModel'], { home })).stdout).toBe('other\n');
  });

  it('refuses an invalid URL, an unknown field and a provider with no URL, at `config set` time', async () => {
    const home = tempHome();
    const badURL = await runCli(['config', 'set', 'providers.lmstudio.baseUrl', 'not a url'], { home });
    expect(badURL.code).toBe(2);
    expect(badURL.stderr).toMatch(/bad value for providers\.lmstudio\.baseUrl.*http:\/\//);
    const badField = await runCli(['config', 'set', 'providers.lmstudio.colour', 'red'], { home });
    expect(badField.code).toBe(2);
    const noURL = await runCli(['config', 'set', 'providers.mine.defaultModel', 'x'], { home });
    expect(noURL.code).toBe(2);
    expect(noURL.stderr).toMatch(/unknown provider "mine".*\n.*providers\.mine\.baseUrl/);
    expect((await runCli(['config', 'list'], { home })).stdout).not.toMatch(/providers\./);
  });

  it('a built-in provider takes its base URL from config, and says where it came from', async () => {
    const home = tempHome();
    const server = await serve((_req, res) => sendJson(res, 500, { error: 'down' }));
    await runCli(['config', 'set', 'providers.openai.baseUrl', `${server.url}/v1`], { home });
    const shown = await runCli(['providers', 'openai'], { home });
    expect(shown.stdout).toContain(`base URL:       ${server.url}/v1 (from config providers.openai.baseUrl)`);
    expect(shown.stdout).toMatch(/reach: +local/);
    expect(shown.stdout).toMatch(/key: +none \(not needed at an address you set\)/);
    const flagged = await runCli(['providers', 'openai', '--base-url', 'http://127.0.0.1:8080/v1'], { home });
    expect(flagged.stdout).toContain('base URL:       http://127.0.0.1:8080/v1 (from --base-url)');
    const refused = await runCli(['ask', '-p', 'openai', '--retries', '0', 'hi'], { home, env: { G4F_CHAT_OPENAI_BASE_URL: undefined } });
    expect(refused.code).toBe(1);
    const dead = await runCli(['ask', '-p', 'openai', '--retries', '0', 'hi'], { home: tempHome(), env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    expect(dead.stderr).toMatch(/hint: openai's base URL http:\/\/127\.0\.0\.1:9\/v1 comes from OPENAI_BASE_URL/);
  });
});
