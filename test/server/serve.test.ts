import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, openAIChunk, sendJson, serve } from '../helpers/loopback-server.js';
import { BIN, cleanEnv, tempHome } from '../helpers/run-cli.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

const client = (baseURL: string, apiKey = 'unused') => new OpenAI({ baseURL, apiKey, maxRetries: 0 });

const anthropicStream = (text: string) =>
  [
    `event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":7,"output_tokens":1}}}\n\n`,
    `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}\n\n`,
    `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}\n\n`,
    `event: message_stop\ndata: {"type":"message_stop"}\n\n`,
  ].join('');

describe('g4f-chat serve with the official openai SDK', () => {
  it('streams and answers whole, lists models, and names who answered', async () => {
    const groq = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${openAIChunk('Hello ')}${openAIChunk('there')}data: {"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}\n\ndata: [DONE]\n\n`);
    });
    const { url, stderr } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: groq.url });
    const sdk = client(url);
    const stream = await sdk.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Hello there');
    expect(finish).toBe('stop');
    expect(usage).toEqual({ prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 });
    const whole = await sdk.chat.completions.create({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'hi' }] });
    expect(whole.choices[0].message.content).toBe('Hello there');
    expect(whole.model).toBe('groq/llama-3.3-70b-versatile');
    const models = (await sdk.models.list()).data.map((m) => m.id);
    expect(models).toEqual(expect.arrayContaining(['auto', 'groq/openai/gpt-oss-120b', 'pollinations/openai']));
    expect(models.some((id) => id.startsWith('openai/'))).toBe(false);
    expect(stderr()).toMatch(/POST \/v1\/chat\/completions auto → groq\/openai\/gpt-oss-120b 200 \d+ms/);
    expect(stderr()).not.toContain('gsk-test-1234567890');
  });

  it('an Anthropic-backed and an Ollama-backed model answer in the OpenAI shape', async () => {
    const anthropic = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(anthropicStream('from claude'));
    });
    const ollama = await serve((_req, res) => res.end('{"message":{"content":"from llama"},"done":false}\n{"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":2}\n'));
    const { url } = await startServe([], { ANTHROPIC_API_KEY: 'sk-ant-test-123456', ANTHROPIC_BASE_URL: anthropic.url, OLLAMA_HOST: ollama.url });
    const sdk = client(url);
    const claude = await sdk.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }], stop: ['END'], max_completion_tokens: 50, temperature: 0.2 });
    expect(claude.choices[0].message.content).toBe('from claude');
    expect(JSON.parse(anthropic.requests[0].body)).toMatchObject({ system: 'be brief', messages: [{ role: 'user', content: 'hi' }], stop_sequences: ['END'], max_tokens: 50, temperature: 0.2 });
    const stream = await sdk.chat.completions.create({ model: 'ollama/llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('from llama');
  });

  it('falls back along the chain when the first provider fails', async () => {
    const broken = await serve((_req, res) => sendJson(res, 500, { error: 'down' }));
    const ollama = await serve((_req, res) => res.end('{"message":{"content":"fallback answer"},"done":true}\n'));
    const { url } = await startServe(['-p', 'groq,ollama', '--retries', '0'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: broken.url, OLLAMA_HOST: ollama.url });
    const answer = await client(url).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0].message.content).toBe('fallback answer');
    expect(answer.model).toMatch(/^ollama\//);
  });

  it("errors reach the SDK as its own classes: 401, 404, 429, 502", async () => {
    const limited = await serve((_req, res) => sendJson(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '3600' }));
    const down = await serve((_req, res) => sendJson(res, 503, { error: 'down' }));
    const { url } = await startServe(['--api-key', 'server-token-123456', '--retries', '0'], {
      GROQ_API_KEY: 'gsk-test-1234567890',
      G4F_CHAT_GROQ_BASE_URL: limited.url,
      DEEPSEEK_API_KEY: 'ds-test-1234567890',
      G4F_CHAT_DEEPSEEK_BASE_URL: down.url,
    });
    const ask = (sdk: OpenAI, model: string) => sdk.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
    await expect(ask(client(url, 'wrong-token'), 'auto')).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const sdk = client(url, 'server-token-123456');
    await expect(ask(sdk, 'no-such-model')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const rateLimited = await ask(sdk, 'groq/llama-3.3-70b-versatile').catch((e: unknown) => e);
    expect(rateLimited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((rateLimited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('3600');
    const failed = await ask(sdk, 'deepseek/deepseek-chat').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OpenAI.APIError);
    expect((failed as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect(String((failed as Error).message)).toMatch(/deepseek/);
  });

  it("the SDK's abort closes the upstream connection at once", async () => {
    const slow = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(openAIChunk('first '));
      const timer = setInterval(() => res.write(openAIChunk('more ')), 50);
      res.on('close', () => clearInterval(timer));
    });
    const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: slow.url });
    const controller = new AbortController();
    const stream = await client(url).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], stream: true }, { signal: controller.signal });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta?.content) break;
    }
    controller.abort();
    await slow.requests[0].closed;
    expect(slow.requests).toHaveLength(1);
  });

  it('50 concurrent streaming clients each get their whole answer, and the server stays responsive', async () => {
    const upstream = await serve((req, res) => {
      const question = JSON.parse(req.body).messages.at(-1).content as string;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const timer = setInterval(() => {
        if (i === 20) {
          clearInterval(timer);
          res.end('data: [DONE]\n\n');
          return;
        }
        res.write(openAIChunk(`${question}:${i++} `));
      }, 10);
      res.on('close', () => clearInterval(timer));
    });
    const { url, child } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
    const sdk = client(url);
    const answers = await Promise.all(
      Array.from({ length: 50 }, async (_, n) => {
        const stream = await sdk.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: `c${n}` }], stream: true });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
        return text;
      }),
    );
    answers.forEach((text, n) => expect(text).toBe(Array.from({ length: 20 }, (_, i) => `c${n}:${i} `).join('')));
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    expect(rss).toBeLessThan(200);
    const health = await fetch(url.replace(/\/v1$/, '/health'));
    expect(await health.json()).toEqual({ status: 'ok' });
  }, 30_000);

  it('bad requests: malformed JSON 400, too large 413, never a crash', async () => {
    const { url } = await startServe([]);
    const post = (body: string) => fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('{not json')).status).toBe(400);
    expect((await post('{"messages":[]}')).status).toBe(400);
    expect((await post(JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(17 * 1024 * 1024) }] }))).status).toBe(413);
    expect((await fetch(url.replace(/\/v1$/, '/health'))).status).toBe(200);
  });

  it('binding beyond loopback needs a token or --insecure; SIGTERM lets a running answer finish', async () => {
    const refused = spawn(process.execPath, [BIN, 'serve', '--host', '0.0.0.0', '--port', '0'], { env: cleanEnv(tempHome()), stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    refused.stderr!.setEncoding('utf8').on('data', (d: string) => (text += d));
    expect(await new Promise((resolve) => refused.on('close', resolve))).toBe(2);
    expect(text).toMatch(/--api-key TOKEN, or .*--insecure/);

    const slow = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(openAIChunk('part one '));
      setTimeout(() => res.end(`${openAIChunk('part two')}data: [DONE]\n\n`), 500);
    });
    const { url, child } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: slow.url });
    const answer = client(url).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    expect((await answer).choices[0].message.content).toBe('part one part two');
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(143);
  });
});

describe('images and live models through serve', () => {
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';
  const withImage = (text: string): OpenAI.ChatCompletionMessageParam[] => [
    { role: 'user', content: [{ type: 'text', text }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] },
  ];

  it('an image reaches each vision protocol in its own shape; a provider without vision refuses before any request', async () => {
    const groq = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${openAIChunk('a dot')}data: [DONE]\n\n`);
    });
    const anthropic = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(anthropicStream('a pixel'));
    });
    const ollama = await serve((_req, res) => res.end('{"message":{"content":"tiny"},"done":true}\n'));
    const seed = await serve((_req, res) => res.end('never'));
    const { url } = await startServe([], {
      GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: groq.url,
      ANTHROPIC_API_KEY: 'sk-ant-test-123456', ANTHROPIC_BASE_URL: anthropic.url,
      OLLAMA_HOST: ollama.url, G4F_CHAT_AIVVM_BASE_URL: seed.url,
    });
    const sdk = client(url);
    expect((await sdk.chat.completions.create({ model: 'groq/llama-3.3-70b-versatile', messages: withImage('what is it?') })).choices[0].message.content).toBe('a dot');
    expect(JSON.parse(groq.requests[0].body).messages[0].content).toEqual([
      { type: 'text', text: 'what is it?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
    ]);
    await sdk.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: withImage('and this?') });
    expect(JSON.parse(anthropic.requests[0].body).messages[0].content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'text', text: 'and this?' },
    ]);
    await sdk.chat.completions.create({ model: 'ollama/llava', messages: withImage('size?') });
    expect(JSON.parse(ollama.requests.find((r) => r.url === '/api/chat')!.body).messages[0]).toEqual({ role: 'user', content: 'size?', images: [PNG] });
    await expect(sdk.chat.completions.create({ model: 'aivvm/gpt-4', messages: withImage('x') })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    expect(seed.requests).toHaveLength(0);
    await expect(sdk.chat.completions.create({ model: 'groq/x', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('/v1/models lists a local server live, cached for a minute', async () => {
    const ollama = await serve((req, res) => {
      if (req.url === '/api/tags') return sendJson(res, 200, { models: [{ name: 'qwen3:8b' }, { name: 'llava:7b' }] });
      res.end('{"done":true}\n');
    }, { listsModels: true });
    const { url } = await startServe([], { OLLAMA_HOST: ollama.url });
    const sdk = client(url);
    // serve's start-up planning asks Ollama once too: count the listings' own requests.
    const tags = () => ollama.requests.filter((r) => r.url === '/api/tags').length;
    const before = tags();
    for (let i = 0; i < 2; i++) {
      const ids = (await sdk.models.list()).data.map((m) => m.id);
      expect(ids).toEqual(expect.arrayContaining(['ollama/qwen3:8b', 'ollama/llava:7b']));
      expect(ids).not.toContain('ollama/llama3.2');
    }
    expect(tags() - before).toBe(1);
  });
});
