import OpenAI from 'openai';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

const sdk = (baseURL: string) => new OpenAI({ baseURL, apiKey: 'unused', maxRetries: 0 });
const WEATHER: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

/**
 * An Ollama server (ollama/ollama docs/api.md "Chat request (Streaming with tools)", api/types.go
 * ToolCall with the `id` server/routes.go gives each call) that calls `weather` until a
 * `role:"tool"` result comes back, then answers in text; a request with `format` is answered
 * with a JSON text, as a structured-output model does.
 */
function ollamaUpstream(req: RecordedRequest, res: ServerResponse) {
  if (req.url === '/api/tags') return sendJson(res, 200, { models: [{ name: 'llama3.2' }] });
  const body = JSON.parse(req.body) as { messages: Array<{ role: string }>; format?: unknown };
  const line = (record: unknown) => `${JSON.stringify(record)}\n`;
  const done = line({ model: 'llama3.2', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 12, eval_count: 6 });
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  if (body.format !== undefined) return res.end(line({ message: { role: 'assistant', content: '{"age":22,"available":true}' }, done: false }) + done);
  if (body.messages.some((m) => m.role === 'tool')) return res.end(line({ message: { role: 'assistant', content: 'It is 21°C in Paris.' }, done: false }) + done);
  const call = { id: 'call_m4n5b6v7', function: { index: 0, name: 'weather', arguments: { city: 'Paris' } } };
  res.end(line({ model: 'llama3.2', message: { role: 'assistant', content: '', tool_calls: [call] }, done: false }) + done);
}

const chats = (upstream: { requests: RecordedRequest[] }) => upstream.requests.filter((r) => r.url === '/api/chat').map((r) => JSON.parse(r.body));

describe('serve for agent clients: an Ollama-backed model with tools and structured output (openai SDK)', () => {
  it('a tool round trip: tool_calls out (streamed and whole) with finish_reason tool_calls, the result back as tool_name', async () => {
    const upstream = await serve(ollamaUpstream);
    const { url } = await startServe([], { OLLAMA_HOST: upstream.url });
    const client = sdk(url);
    const question = { role: 'user' as const, content: 'weather in Paris?' };

    const whole = await client.chat.completions.create({ model: 'ollama/llama3.2', messages: [question], tools: [WEATHER] });
    expect(whole.choices[0].finish_reason).toBe('tool_calls');
    expect(whole.choices[0].message.tool_calls).toEqual([{ id: 'call_m4n5b6v7', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }]);
    expect(chats(upstream)[0].tools).toEqual([WEATHER]);

    const stream = await client.chat.completions.create({ model: 'ollama/llama3.2', messages: [question], tools: [WEATHER], stream: true });
    let args = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const t of chunk.choices[0]?.delta?.tool_calls ?? []) args += t.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(args).toBe('{"city":"Paris"}');
    expect(finish).toBe('tool_calls');

    const second = await client.chat.completions.create({
      model: 'ollama/llama3.2',
      messages: [question, whole.choices[0].message, { role: 'tool', tool_call_id: 'call_m4n5b6v7', content: '{"temp":21}' }],
      tools: [WEATHER],
    });
    expect(second.choices[0].message.content).toBe('It is 21°C in Paris.');
    expect(second.choices[0].finish_reason).toBe('stop');
    expect(chats(upstream)[2].messages.slice(-2)).toEqual([
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_m4n5b6v7', function: { name: 'weather', arguments: { city: 'Paris' } } }] },
      { role: 'tool', content: '{"temp":21}', tool_name: 'weather', tool_call_id: 'call_m4n5b6v7' },
    ]);
  });

  it('response_format json_schema reaches Ollama as format with the schema object, json_object as "json"', async () => {
    const upstream = await serve(ollamaUpstream);
    const { url } = await startServe([], { OLLAMA_HOST: upstream.url });
    const schema = { type: 'object', properties: { age: { type: 'integer' }, available: { type: 'boolean' } }, required: ['age', 'available'] };
    const messages = [{ role: 'user' as const, content: 'Ollama is 22 and available.' }];
    const answer = await sdk(url).chat.completions.create({ model: 'ollama/llama3.2', messages, response_format: { type: 'json_schema', json_schema: { name: 'status', schema, strict: true } } });
    expect(JSON.parse(answer.choices[0].message.content!)).toEqual({ age: 22, available: true });
    await sdk(url).chat.completions.create({ model: 'ollama/llama3.2', messages, response_format: { type: 'json_object' } });
    expect(chats(upstream).map((c) => c.format)).toEqual([schema, 'json']);
  });

  it('tool_choice required or a named tool is refused with 400 unsupported_parameter before any request; none sends no tools', async () => {
    const upstream = await serve(ollamaUpstream);
    const { url } = await startServe([], { OLLAMA_HOST: upstream.url });
    const post = (tool_choice: unknown) => fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'ollama/llama3.2', messages: [{ role: 'user', content: 'x' }], tools: [WEATHER], tool_choice }) });
    for (const choice of ['required', { type: 'function', function: { name: 'weather' } }]) {
      const refused = await post(choice);
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toMatchObject({ code: 'unsupported_parameter', param: 'tool_choice' });
    }
    expect(chats(upstream)).toHaveLength(0);
    expect((await post('none')).status).toBe(200);
    expect(chats(upstream)[0]).not.toHaveProperty('tools');
  });
});
