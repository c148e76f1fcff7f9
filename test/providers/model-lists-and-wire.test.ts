import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

const query = (url: string) => new URL(url, 'http://x').searchParams;

describe('model lists follow pages', () => {
  it('Gemini: nextPageToken is followed with pageToken (googleapis/js-genai src/pagers.ts)', async () => {
    const server = await serve((req, res) => {
      const token = query(req.url).get('pageToken');
      if (!token) return sendJson(res, 200, { models: [{ name: 'models/gemini-flash-latest' }], nextPageToken: 'page-2' });
      if (token === 'page-2') return sendJson(res, 200, { models: [{ name: 'models/gemini-3.5-flash' }], nextPageToken: 'page-3' });
      sendJson(res, 200, { models: [{ name: 'models/gemini-pro-latest' }] });
    }, { listsModels: true });
    const result = await runCli(['models', 'gemini', '--base-url', server.url], { env: { GEMINI_API_KEY: 'gm-12345678' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('gemini-flash-latest (default)\ngemini-3.5-flash\ngemini-pro-latest\n');
    expect(server.requests.map((r) => query(r.url).get('pageToken'))).toEqual([null, 'page-2', 'page-3']);
  });

  it('Anthropic: has_more is followed with after_id = last_id (@anthropic-ai/sdk core/pagination)', async () => {
    const server = await serve((req, res) => {
      const after = query(req.url).get('after_id');
      if (!after) return sendJson(res, 200, { data: [{ id: 'claude-sonnet-4-5' }], has_more: true, first_id: 'claude-sonnet-4-5', last_id: 'claude-sonnet-4-5' });
      sendJson(res, 200, { data: [{ id: 'claude-opus-5' }], has_more: false, first_id: 'claude-opus-5', last_id: 'claude-opus-5' });
    }, { listsModels: true });
    const result = await runCli(['models', 'anthropic', '--base-url', server.url], { env: { ANTHROPIC_API_KEY: 'sk-ant-12345678' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^claude-sonnet-4-5 \(default\)\nclaude-opus-5\n/);
    expect(server.requests.map((r) => query(r.url).get('after_id'))).toEqual([null, 'claude-sonnet-4-5']);
  });

  it('a server that pages forever is followed ten pages, not forever', async () => {
    let page = 0;
    const server = await serve((_req, res) => sendJson(res, 200, { models: [{ name: `models/m-${page}` }], nextPageToken: `t-${++page}` }), { listsModels: true });
    const result = await runCli(['models', 'gemini', '--base-url', server.url], { env: { GEMINI_API_KEY: 'gm-12345678' } });
    expect(result.code).toBe(0);
    expect(server.requests).toHaveLength(10);
  });

  it('GitHub Models lists its catalog at /catalog/models beside /inference', async () => {
    const server = await serve((req, res) => (req.url === '/catalog/models' ? sendJson(res, 200, [{ id: 'openai/gpt-4.1-mini', name: 'OpenAI GPT-4.1-mini' }, { id: 'xai/grok-3' }]) : sendJson(res, 404, {})), { listsModels: true });
    const result = await runCli(['models', 'github', '--base-url', `${server.url}/inference`], { env: { GITHUB_MODELS_TOKEN: 'ghp-12345678' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('openai/gpt-4.1-mini (default)\nxai/grok-3\n');
    expect(server.requests.map((r) => r.url)).toEqual(['/catalog/models']);
  });
});

describe('what goes on the wire', () => {
  it('an OpenAI reasoning model gets max_completion_tokens; another model max_tokens (vercel/ai openai-language-model-capabilities.ts)', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    const env = { OPENAI_API_KEY: 'sk-12345678' };
    for (const model of ['o3', 'gpt-5-mini', 'gpt-4.1-mini', 'gpt-5-chat-latest']) {
      const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '-m', model, '--max-tokens', '50', 'hi'], { env });
      expect(result.code).toBe(0);
    }
    const bodies = server.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies.map((b) => [b.model, b.max_completion_tokens, b.max_tokens])).toEqual([
      ['o3', 50, undefined],
      ['gpt-5-mini', 50, undefined],
      ['gpt-4.1-mini', undefined, 50],
      ['gpt-5-chat-latest', undefined, 50],
    ]);
  });

  it('OpenRouter requests carry its app attribution headers (openrouter.ai/docs/app-attribution)', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    const result = await runCli(['ask', '-p', 'openrouter', '--base-url', server.url, '-m', 'openai/o3', '--max-tokens', '9', 'hi'], { env: { OPENROUTER_API_KEY: 'sk-or-12345678' } });
    expect(result.code).toBe(0);
    const [request] = server.requests;
    expect(request!.headers['http-referer']).toBe('https://www.npmjs.com/package/g4f-chat');
    expect(request!.headers['x-openrouter-title']).toBe('g4f-chat');
    // OpenRouter maps max_tokens itself, for reasoning models too.
    expect(JSON.parse(request!.body).max_tokens).toBe(9);
  });

  it("Ollama's message.thinking is reasoning, never answer text (ollama api/types.go Message.Thinking)", async () => {
    const server = await serve((_req, res) =>
      res.end(
        [
          { message: { role: 'assistant', content: '', thinking: 'Let me think.' }, done: false },
          { message: { role: 'assistant', content: 'Four.' }, done: false },
          { message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop' },
        ]
          .map((line) => JSON.stringify(line))
          .join('\n'),
      ),
    );
    const result = await runCli(['ask', '-p', 'ollama', '-m', 'qwen3', '--json', '2+2?'], { env: { OLLAMA_HOST: server.url } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ text: 'Four.', reasoning: 'Let me think.' });
  });
});
