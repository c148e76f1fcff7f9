import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { GROQ_REASONING } from '../fixtures/recorded-shapes.js';
import { closeStartedServers, serve, streamOpenAI, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { groqAt, toolProvider } from '../helpers/tool-provider.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

/** The `ollama` library pointed at serve (its `host` is the server's root, without /v1). */
const ollamaAt = (url: string, headers?: Record<string, string>) => new Ollama({ host: url.replace(/\/v1$/, ''), headers });
const sent = (upstream: { requests: RecordedRequest[] }, i = 0) => JSON.parse(upstream.requests[i].body);
const WEATHER = { type: 'function', function: { name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

describe('serve speaks the Ollama API (ollama library)', () => {
  it('chat streams NDJSON lines and answers whole with stream:false; options, format and keep_alive are taken', async () => {
    const upstream = await serve((_req, res) => streamOpenAI(res, ['Hel', 'lo']));
    const { url } = await startServe(['-p', 'groq'], groqAt(upstream.url));
    const client = ollamaAt(url);
    const parts: string[] = [];
    let last: { done: boolean; done_reason: string; prompt_eval_count: number; eval_count: number; model: string } | undefined;
    for await (const part of await client.chat({ model: 'auto', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }], stream: true, keep_alive: '5m', options: { temperature: 0.3, num_predict: 40, top_p: 0.9, stop: ['END'], seed: 7, num_ctx: 8192 } })) {
      parts.push(part.message.content);
      last = part;
    }
    expect(parts.join('')).toBe('Hello');
    expect(last).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: 3, model: 'auto' });
    expect(sent(upstream)).toMatchObject({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }], temperature: 0.3, max_tokens: 40, top_p: 0.9, stop: ['END'], seed: 7 });
    expect(sent(upstream)).not.toHaveProperty('num_ctx');

    const whole = await client.chat({ model: 'auto', messages: [{ role: 'user', content: 'json' }], format: { type: 'object', properties: { a: { type: 'number' } } } });
    expect(whole).toMatchObject({ message: { role: 'assistant', content: 'Hello' }, done: true });
    expect(sent(upstream, 1).response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object', properties: { a: { type: 'number' } } } } });
    await client.chat({ model: 'auto', messages: [{ role: 'user', content: 'json' }], format: 'json' });
    expect(sent(upstream, 2).response_format).toEqual({ type: 'json_object' });
  });

  it('a tool round trip: tool_calls with object arguments, then a tool result by tool_name paired with its call', async () => {
    const upstream = await toolProvider((body) => (body.messages.some((m) => m.role === 'tool') ? { text: 'It is 21°C.' } : { call: { name: 'weather', arguments: '{"city":"Paris"}' } }));
    const { url } = await startServe(['-p', 'groq'], groqAt(upstream.url));
    const client = ollamaAt(url);
    const question = { role: 'user', content: 'weather in Paris?' };
    const first = await client.chat({ model: 'auto', messages: [question], tools: [WEATHER], stream: false });
    expect(first.message.tool_calls).toEqual([{ id: 'call_1', function: { name: 'weather', arguments: { city: 'Paris' } } }]);
    expect(sent(upstream).tools).toEqual([WEATHER]);
    // The library's own type has no call id; an app sends back what it got, or only name and arguments.
    const calls = [{ function: { name: 'weather', arguments: { city: 'Paris' } } }];
    const second = await client.chat({ model: 'auto', messages: [question, { role: 'assistant', content: '', tool_calls: calls }, { role: 'tool', content: '{"temp":21}', tool_name: 'weather' }], tools: [WEATHER], stream: false });
    expect(second.message.content).toBe('It is 21°C.');
    const back = sent(upstream, 1).messages;
    expect(back[1].tool_calls[0].id).toBe(back[2].tool_call_id);
    expect(back[2]).toMatchObject({ role: 'tool', content: '{"temp":21}' });
  });

  it('think: reasoning as thinking, streamed and whole; without think it is left out', async () => {
    const upstream = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${GROQ_REASONING.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`);
    });
    const { url } = await startServe(['-p', 'groq'], groqAt(upstream.url));
    const client = ollamaAt(url);
    let thinking = '';
    for await (const part of await client.chat({ model: 'auto', messages: [{ role: 'user', content: 'solve' }], think: true, stream: true })) thinking += part.message.thinking ?? '';
    expect(thinking).toBe('Okay, let me think');
    expect((await client.chat({ model: 'auto', messages: [{ role: 'user', content: 'solve' }], think: 'high' })).message.thinking).toBe('Okay, let me think');
    const plain = await client.chat({ model: 'auto', messages: [{ role: 'user', content: 'solve' }] });
    expect(plain.message).toEqual({ role: 'assistant', content: '$x = 2$' });
  });

  it('generate: prompt and system, streamed and whole; suffix is refused by name', async () => {
    const upstream = await serve((_req, res) => streamOpenAI(res, ['a', 'b']));
    const { url } = await startServe(['-p', 'groq'], groqAt(upstream.url));
    const client = ollamaAt(url);
    let text = '';
    for await (const part of await client.generate({ model: 'auto', prompt: 'hi', system: 'Be brief.', stream: true })) text += part.response;
    expect(text).toBe('ab');
    expect(sent(upstream).messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }]);
    expect(await client.generate({ model: 'auto', prompt: 'hi' })).toMatchObject({ response: 'ab', done: true, done_reason: 'stop' });
    await expect(client.generate({ model: 'auto', prompt: 'def f(', suffix: 'return x' })).rejects.toMatchObject({ status_code: 400, error: expect.stringContaining('suffix') });
    expect(upstream.requests).toHaveLength(2);
  });

  it('GET / says Ollama is running; version, tags, ps and show answer; every error is {"error":"…"}', async () => {
    const upstream = await serve((_req, res) => streamOpenAI(res, ['ok']));
    const { url } = await startServe(['-p', 'groq', '--api-key', 'serve-token-5551234567'], groqAt(upstream.url));
    const root = url.replace(/\/v1$/, '');
    expect(await (await fetch(`${root}/`)).text()).toBe('Ollama is running');
    expect((await fetch(`${root}/`, { method: 'HEAD' })).status).toBe(200);

    const denied = ollamaAt(url);
    await expect(denied.list()).rejects.toMatchObject({ status_code: 401, error: expect.stringContaining('Incorrect API key') });
    const client = ollamaAt(url, { authorization: 'Bearer serve-token-5551234567' });
    expect((await client.version()).version).toMatch(/^\d+\.\d+\.\d+$/);
    const names = (await client.list()).models.map((m) => m.name);
    expect(names).toContain('auto');
    expect(names.some((n) => n.startsWith('groq/'))).toBe(true);
    expect((await client.ps()).models).toEqual([]);
    const shown = await client.show({ model: 'groq/llama-3.3-70b-versatile' });
    expect(shown.capabilities).toEqual(expect.arrayContaining(['completion', 'tools']));
    await expect(client.show({ model: 'no-such-model' })).rejects.toMatchObject({ status_code: 404, error: "model 'no-such-model' not found" });
    await expect(client.chat({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status_code: 404 });
    await expect(client.chat({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], options: { mirostat: 2 } })).rejects.toMatchObject({ status_code: 400, error: 'options.mirostat: not supported by this server' });
    const missing = await fetch(`${root}/api/pull`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer serve-token-5551234567' }, body: '{}' });
    expect(missing.status).toBe(404);
    expect(typeof ((await missing.json()) as { error: unknown }).error).toBe('string');
    // Only model lists were asked of the upstream (the tags of a provider at a loopback address are live), never a chat.
    expect(upstream.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});
