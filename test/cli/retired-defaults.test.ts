import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI, type RecordedRequest } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

const model = (req: RecordedRequest) => (JSON.parse(req.body) as { model: string }).model;

/**
 * A server that lists its models and refuses any other: DeepSeek's wording for a model it does
 * not have (api-docs.deepseek.com, error codes: 400 "Model Not Exist"), after deepseek-chat and
 * deepseek-reasoner were deprecated on 2026-07-24 (api-docs.deepseek.com, "Your First API Call").
 */
function deepseekStandIn(listed: string[]) {
  return serve((req, res) => {
    if (req.method === 'GET' && req.url === '/models') return sendJson(res, 200, { object: 'list', data: listed.map((id) => ({ id, object: 'model' })) });
    if (!listed.includes(model(req))) return sendJson(res, 400, { error: { message: 'Model Not Exist', type: 'invalid_request_error', code: 'invalid_request_error' } });
    streamOpenAI(res, [`answer from ${model(req)}`]);
  }, { listsModels: true });
}

describe('defaults that survive a model retirement', () => {
  it('at an address the user set, a default the server does not list is replaced before any prompt goes, said once, and remembered', async () => {
    const server = await deepseekStandIn(['deepseek-v5-embed', 'deepseek-v5-flash', 'deepseek-v5-pro']);
    const home = tempHome();
    const env = { DEEPSEEK_API_KEY: 'sk-ds-12345678', G4F_CHAT_DEEPSEEK_BASE_URL: server.url };
    const first = await runCli(['ask', '-p', 'deepseek', 'hi'], { env, home });
    expect(first.code).toBe(0);
    // Same family first (the longest shared start of the name), never an embedding model.
    expect(first.stdout).toBe('answer from deepseek-v5-flash\n');
    // Nothing was refused: the server never promised the provider's default, so no retirement is announced.
    expect(first.stderr).not.toMatch(/no longer serves/);
    expect(first.stderr).toMatch(/the server at http:\/\/127\.0\.0\.1:\d+ does not list deepseek-v4-flash; using deepseek-v5-flash, now and in later runs/);
    expect(server.requests.map((r) => `${r.method} ${r.url} ${r.method === 'POST' ? model(r) : ''}`)).toEqual(['GET /models ', 'POST /chat/completions deepseek-v5-flash']);
    const remembered = JSON.parse(readFileSync(join(home, 'model-choices.json'), 'utf8'));
    expect(remembered.deepseek).toMatchObject({ retired: 'deepseek-v4-flash', chosen: 'deepseek-v5-flash', baseURL: server.url });

    const second = await runCli(['ask', '-p', 'deepseek', 'again'], { env, home });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('answer from deepseek-v5-flash\n');
    expect(second.stderr).toBe('');
    // The second run asks for the remembered model at once: no list.
    expect(server.requests.slice(2).map((r) => `${r.method} ${r.url} ${r.method === 'POST' ? model(r) : ''}`)).toEqual(['POST /chat/completions deepseek-v5-flash']);
  });

  it('a default the server lists is sent as it is, after one list request, nothing said; the next run asks no list', async () => {
    const server = await deepseekStandIn(['deepseek-v4-flash', 'deepseek-v5-pro']);
    const home = tempHome();
    const env = { DEEPSEEK_API_KEY: 'sk-ds-12345678', G4F_CHAT_DEEPSEEK_BASE_URL: server.url };
    const result = await runCli(['ask', '-p', 'deepseek', 'hi'], { env, home });
    expect(result).toMatchObject({ code: 0, stdout: 'answer from deepseek-v4-flash\n', stderr: '' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /models', 'POST /chat/completions']);
    const again = await runCli(['ask', '-p', 'deepseek', 'again'], { env, home });
    expect(again).toMatchObject({ code: 0, stdout: 'answer from deepseek-v4-flash\n', stderr: '' });
    expect(server.requests.slice(2).map((r) => `${r.method} ${r.url}`)).toEqual(['POST /chat/completions']);
  });

  it('a model the user named is never replaced: a clear error, no model list asked for', async () => {
    // OpenAI's wording (openai-node src/core/error.ts maps 404 to NotFoundError; the body's code is model_not_found).
    const server = await serve((req, res) => {
      if (req.method === 'GET') return sendJson(res, 200, { data: [{ id: 'gpt-5-mini' }] });
      sendJson(res, 404, { error: { message: 'The model `gpt-4o-mini` does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' } });
    }, { listsModels: true });
    const result = await runCli(['ask', '-p', 'openai', '-m', 'gpt-4o-mini', 'hi'], { env: { OPENAI_API_KEY: 'sk-12345678', G4F_CHAT_OPENAI_BASE_URL: server.url } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/does not exist/);
    expect(result.stderr).toMatch(/openai does not serve the model "gpt-4o-mini" you named: g4f-chat models openai lists what it has/);
    expect(server.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('at a --base-url without -m, the server\'s list is asked first and its first chat model answers: the default is never sent', async () => {
    // Groq's answer for a model it does not have (console.groq.com/docs/deprecations; code model_decommissioned).
    const server = await serve((req, res) => {
      if (req.method === 'GET') return sendJson(res, 200, { object: 'list', data: [{ id: 'whisper-large-v3' }, { id: 'my-local-model' }, { id: 'openai/gpt-oss-20b' }] });
      if (model(req) !== 'my-local-model') {
        return sendJson(res, 400, { error: { message: `The model \`${model(req)}\` has been decommissioned and is no longer supported.`, type: 'invalid_request_error', code: 'model_decommissioned' } });
      }
      streamOpenAI(res, ['from the first listed']);
    }, { listsModels: true });
    const result = await runCli(['ask', '-p', 'groq', '--base-url', server.url, 'hi'], { env: { GROQ_API_KEY: 'gsk-12345678' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('from the first listed\n');
    // At an address the user gave, the server never had groq's default: no retirement is announced.
    expect(result.stderr).not.toMatch(/no longer serves/);
    expect(result.stderr).toMatch(/the server at http:\/\/127\.0\.0\.1:\d+ does not list openai\/gpt-oss-120b; using my-local-model/);
    expect(server.requests.map((r) => `${r.method} ${r.method === 'POST' ? model(r) : r.url}`)).toEqual(['GET /models', 'POST my-local-model']);
  });

  it('a password in the address (flag or variable) is never printed with the server\'s words about its models', async () => {
    const server = await deepseekStandIn(['deepseek-v5-flash']);
    const withPassword = (secret: string) => server.url.replace('http://', `http://me:${secret}@`);
    const byFlag = await runCli(['ask', '-p', 'deepseek', '--base-url', withPassword('topsecret99'), 'hi'], { env: { DEEPSEEK_API_KEY: 'sk-ds-12345678' } });
    expect(byFlag.stdout).toBe('answer from deepseek-v5-flash\n');
    expect(byFlag.stderr).toMatch(/does not list deepseek-v4-flash/);
    expect(byFlag.stderr).not.toContain('topsecret99');
    // Too short to pass for a key: masked as a URL's password all the same.
    const byVariable = await runCli(['ask', '-p', 'deepseek', 'hi'], { env: { DEEPSEEK_API_KEY: 'sk-ds-12345678', G4F_CHAT_DEEPSEEK_BASE_URL: withPassword('pw') } });
    expect(byVariable.stderr).toMatch(/the server at http:\/\/me:…@127\.0\.0\.1:\d+ does not list/);
    expect(byVariable.stderr).not.toContain(':pw@');
  });

  it('Ollama: a default not installed there gives way to one that is (ollama server/routes.go answers "model not found" for it)', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/api/tags') return sendJson(res, 200, { models: [{ name: 'qwen3:4b' }] });
      const asked = model(req);
      if (asked !== 'qwen3:4b') return sendJson(res, 404, { error: `model "${asked}" not found, try pulling it first` });
      res.end(`${JSON.stringify({ message: { role: 'assistant', content: 'from qwen' }, done: false })}\n${JSON.stringify({ done: true, done_reason: 'stop', message: { content: '' } })}\n`);
    }, { listsModels: true });
    const result = await runCli(['ask', '-p', 'ollama', 'hi'], { env: { OLLAMA_HOST: server.url } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('from qwen\n');
    // OLLAMA_HOST is an address the user set: its list is asked first, and the default it lacks is never sent.
    expect(result.stderr).toMatch(/the server at http:\/\/127\.0\.0\.1:\d+ does not list llama3\.2; using qwen3:4b/);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/tags', '/api/chat']);
  });
});
