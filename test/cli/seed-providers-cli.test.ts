import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { sendJson, startServer, type LoopbackServer } from '../helpers/loopback-server.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ANSWER = 'Raw answer: ünïcödé 🎉\n  keeps   spacing\n';

describe('g4f-chat ask with the seed providers', () => {
  for (const id of ['aivvm', 'ai365vip']) {
    it(`${id}: prints the server's answer byte for byte, warning once that it is marked not working`, async () => {
      server = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        const bytes = Buffer.from(ANSWER);
        res.write(bytes.subarray(0, 17));
        setTimeout(() => res.end(bytes.subarray(17)), 10);
      });
      const result = await runCli(['ask', '-p', id, '--base-url', server.url, 'hello']);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(ANSWER);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`${id} is marked not working`))]);
      expect(server.requests[0].url).toBe('/api/chat');
    });
  }

  it('aichat: prints the JSON message', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { response: true, message: 'from aichat' }));
    const result = await runCli(['ask', '-p', 'Aichat', '--base-url', server.url, '-t', '0.9', 'hello']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('from aichat\n');
    expect(JSON.parse(server.requests[0].body)).toMatchObject({ message: 'user: hello\nassistant:', temperature: 0.9 });
  });

  it('gravityengine: prints choices[0].message.content', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { choices: [{ message: { content: 'from gravity' } }] }));
    const result = await runCli(['ask', '-p', 'gravityengine', '--base-url', `${server.url}/gw`, 'hello']);
    expect(result.stdout).toBe('from gravity\n');
    expect(server.requests[0].url).toBe('/gw/api/openai/v1/chat/completions');
  });

  it('aivvm: an unknown model exits 2 naming the valid ones, before any request', async () => {
    server = await startServer((_req, res) => res.end('never'));
    const result = await runCli(['ask', '-p', 'aivvm', '--base-url', server.url, '-m', 'gpt-5', 'hello']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/valid models: gpt-3\.5-turbo, gpt-3\.5-turbo-0613/);
    expect(server.requests).toHaveLength(0);
  });

  it('a Cloudflare page exits 1 saying it was blocked, with no HTML on stdout', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>Just a moment...</title></head><body class="cf-please-wait"></body></html>');
    });
    const result = await runCli(['ask', '-p', 'ai365vip', '--base-url', server.url, 'hello']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/blocked by Cloudflare/);
    expect(result.stderr).not.toMatch(/<html|DOCTYPE/i);
  });

  it('auto never picks a provider marked not working', async () => {
    const result = await runCli(['ask', '--json', '--retries', '0', '--timeout', '2', 'hello'], {
      env: { G4F_CHAT_POLLINATIONS_BASE_URL: 'http://127.0.0.1:9', G4F_CHAT_OPENCODE_BASE_URL: 'http://127.0.0.1:9' },
    });
    const attempts = JSON.parse(result.stdout).attempts.map((a: { provider: string }) => a.provider);
    expect(attempts).not.toContain('aivvm');
    expect(attempts).toEqual(expect.arrayContaining(['pollinations', 'opencode']));
  });
});

describe('g4f-chat providers', () => {
  it('lists every provider in a plain table in a pipe', async () => {
    const result = await runCli(['providers']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/\u001b/);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+label\s+reach\s+key\s+auto\s+working\s+stream\s+images\s+tools\s+embed\s+default model\s+last seen$/);
    const aivvm = lines.find((l) => l.startsWith('aivvm'));
    expect(aivvm).toMatch(/^aivvm\s+Aivvm\s+public\s+-\s+no\s+no\s+yes\s+no\s+no\s+no\s+gpt-3\.5-turbo\s+-$/);
    expect(lines.find((l) => l.startsWith('aichat'))).toMatch(/Aichat\s+public\s+-\s+no\s+no\s+no\s+no\s+no\s+no\s+gpt-3\.5-turbo/);
    // A keyed provider without its key names the variable and is not in auto.
    expect(lines.find((l) => l.startsWith('openai'))).toMatch(/^openai\s+OpenAI\s+keyed\s+OPENAI_API_KEY\s+no\s+yes/);
    expect(lines.find((l) => l.startsWith('ollama'))).toMatch(/^ollama\s+Ollama\s+local\s+-\s+yes\s+yes\s+yes\s+yes\s/);
    // Which providers take images: vision APIs yes, the seed providers and APIs without image input no.
    expect(lines.find((l) => l.startsWith('deepseek'))).toMatch(/\s+yes\s+no\s+yes\s+no\s+deepseek-v4-flash/);
  });

  it('shows whether a key is present', async () => {
    const result = await runCli(['providers'], { env: { GROQ_API_KEY: 'gsk-secret-value-123456' } });
    expect(result.stdout.split('\n').find((l) => l.startsWith('groq '))).toMatch(/^groq\s+Groq\s+keyed\s+set\s+yes/);
    expect(result.stdout).not.toContain('gsk-secret-value-123456');
  });

  it('prints JSON with the metadata of all four seed providers', async () => {
    const result = await runCli(['providers', '--json']);
    const list = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    const byId = Object.fromEntries(list.map((p) => [p.id, p]));
    expect(byId.aivvm).toMatchObject({
      label: 'Aivvm', url: 'https://chat.aivvm.com', working: false, supportsStream: true, needsAuth: false,
      supportsGpt35Turbo: true, supportsGpt4: true, defaultModel: 'gpt-3.5-turbo', modelAliases: {},
    });
    expect((byId.aivvm.models as string[]).length).toBe(8);
    expect(byId.aichat).toMatchObject({ url: 'https://chat-gpt.org/chat', working: false, supportsStream: false, models: ['gpt-3.5-turbo'] });
    expect(byId.ai365vip).toMatchObject({
      working: false, supportsStream: true, defaultModel: 'gpt-3.5-turbo',
      models: ['gpt-3.5-turbo', 'gpt-3.5-turbo-16k', 'gpt-4o'], modelAliases: { 'gpt-3.5-turbo': 'gpt-3.5-turbo-16k' },
    });
    expect(byId.gravityengine).toMatchObject({
      working: false, supportsStream: true, needsAuth: false, models: ['gpt-3.5-turbo-16k', 'gpt-3.5-turbo-0613'],
      params: ['model', 'messages', 'stream', 'temperature'],
    });
    for (const p of list) for (const field of ['id', 'label', 'url', 'working', 'supportsStream', 'needsAuth', 'defaultModel', 'models', 'modelAliases', 'params']) expect(p).toHaveProperty(field);
  });

  it('shows one provider in full: models, aliases, params, env vars', async () => {
    const result = await runCli(['providers', 'gravityengine']);
    expect(result.stdout).toContain('g4f.Providers.Gravityengine supports: (model: str, messages: list, stream: bool, temperature: float)');
    expect(result.stdout).toContain('G4F_CHAT_GRAVITYENGINE_BASE_URL');
    const vip = await runCli(['providers', 'AI365VIP']);
    expect(vip.stdout).toContain('gpt-3.5-turbo → gpt-3.5-turbo-16k');
    const unknown = await runCli(['providers', 'nope']);
    expect(unknown.code).toBe(2);
  });

  it('colours the table on a terminal only when colour is allowed', async () => {
    const forced = await runCli(['providers'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\u001b\[/);
    const off = await runCli(['providers', '--no-color'], { env: { FORCE_COLOR: '1' } });
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/^id\s+label/);
    expect(off.stdout).not.toMatch(/\u001b\[/);
    // NO_COLOR is about colour: bold stays, colours go.
    const noColor = await runCli(['providers'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).toMatch(/\u001b\[1m/);
    expect(noColor.stdout).not.toMatch(/\u001b\[(3\d|4\d|9[0-7])m/);
    const piped = await runCli(['providers'], { env: { NO_COLOR: '1' } });
    expect(piped.stdout).not.toMatch(/\u001b\[/);
  });
});
