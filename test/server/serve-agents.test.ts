import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import type { ServerResponse } from 'node:http';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

const sdk = (baseURL: string) => new OpenAI({ baseURL, apiKey: 'unused', maxRetries: 0 });

/** Arguments split as a model streams them, spacing and key order its own: they must arrive unchanged. */
const ARGUMENTS = '{"city":  "Paris",\n "unit":"c"}';
const PIECES = ['{"ci', 'ty":  "Par', 'is",\n "unit":"c"}'];

/**
 * An OpenAI-compatible upstream that calls a tool, in the chunk shapes of the recordings
 * `packages/groq/src/__fixtures__/groq-tool-call.chunks.txt` and
 * `packages/deepseek/src/chat/__fixtures__/deepseek-tool-call.chunks.txt` of vercel/ai (first
 * piece with id, type and name; arguments in fragments; `finish_reason: "tool_calls"`;
 * `system_fingerprint` on every chunk), and answers in text once the result comes back.
 */
function toolCallingUpstream(req: RecordedRequest, res: ServerResponse) {
  const body = JSON.parse(req.body);
  const fp = { id: 'chatcmpl-x', object: 'chat.completion.chunk', created: 1, model: 'm', system_fingerprint: 'fp_f8b414701e' };
  const chunk = (choice: Record<string, unknown>) => `data: ${JSON.stringify({ ...fp, choices: [{ index: 0, logprobs: null, ...choice }] })}\n\n`;
  const answered = body.messages.some((m: { role: string }) => m.role === 'tool');
  if (!body.stream) {
    const message = answered ? { role: 'assistant', content: 'It is 21°C in Paris.' } : { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: ARGUMENTS } }] };
    return sendJson(res, 200, { id: 'chatcmpl-x', object: 'chat.completion', created: 1, model: 'm', system_fingerprint: 'fp_f8b414701e', choices: [{ index: 0, message, finish_reason: answered ? 'stop' : 'tool_calls' }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  if (answered) return res.end(`${chunk({ delta: { role: 'assistant', content: 'It is 21°C in Paris.' }, finish_reason: null })}${chunk({ delta: {}, finish_reason: 'stop' })}data: [DONE]\n\n`);
  res.write(chunk({ delta: { role: 'assistant', content: null }, finish_reason: null }));
  res.write(chunk({ delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '' } }] }, finish_reason: null }));
  for (const piece of PIECES) res.write(chunk({ delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] }, finish_reason: null }));
  res.end(`${chunk({ delta: {}, finish_reason: 'tool_calls' })}data: [DONE]\n\n`);
}

const WEATHER: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

describe('serve for agent clients: chat completions with tools (openai SDK)', () => {
  it('streams a tool call with its arguments exactly as the model produced them, then takes the result back', async () => {
    const upstream = await serve(toolCallingUpstream);
    const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
    const client = sdk(url);
    const stream = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [WEATHER], tool_choice: 'auto', parallel_tool_calls: false, stream: true });
    const calls: Record<number, { id?: string; name?: string; arguments: string }> = {};
    let finish: string | null = null;
    let fingerprint: string | undefined;
    for await (const c of stream) {
      fingerprint = c.system_fingerprint ?? fingerprint;
      for (const t of c.choices[0]?.delta?.tool_calls ?? []) {
        const call = (calls[t.index] ??= { arguments: '' });
        call.id ??= t.id;
        call.name ??= t.function?.name;
        call.arguments += t.function?.arguments ?? '';
      }
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    expect(calls).toEqual({ 0: { id: 'call_1', name: 'weather', arguments: ARGUMENTS } });
    expect(finish).toBe('tool_calls');
    expect(fingerprint).toBe('fp_f8b414701e');
    const sent = JSON.parse(upstream.requests[0].body);
    expect(sent.tools).toEqual([WEATHER]);
    expect(sent.tool_choice).toBe('auto');
    expect(sent.parallel_tool_calls).toBe(false);

    const second = await client.chat.completions.create({
      model: 'auto',
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: ARGUMENTS } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      ],
      tools: [WEATHER],
    });
    expect(second.choices[0].message.content).toBe('It is 21°C in Paris.');
    const history = JSON.parse(upstream.requests[1].body).messages;
    expect(history[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: ARGUMENTS } }] });
    expect(history[2]).toEqual({ role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' });
  });

  it('answers a whole completion with tool_calls, finish_reason tool_calls and the fingerprint', async () => {
    const upstream = await serve(toolCallingUpstream);
    const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
    const answer = await sdk(url).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'weather?' }], tools: [WEATHER] });
    expect(answer.choices[0].finish_reason).toBe('tool_calls');
    expect(answer.choices[0].message.tool_calls).toEqual([{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: ARGUMENTS } }]);
    expect(answer.system_fingerprint).toBe('fp_f8b414701e');
  });

  it('passes parameters it does not interpret on as given, response_format and max_completion_tokens included', async () => {
    const upstream = await serve(toolCallingUpstream);
    const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
    const format = { type: 'json_schema' as const, json_schema: { name: 'city', schema: { type: 'object', properties: { name: { type: 'string' } } }, strict: true } };
    await sdk(url).chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'x' }],
      response_format: format,
      seed: 7,
      user: 'u-1',
      logprobs: true,
      top_logprobs: 2,
      metadata: { run: 'a' },
      reasoning_effort: 'low',
      max_completion_tokens: 50,
      frequency_penalty: 0.5,
      presence_penalty: 0.25,
    });
    const sent = JSON.parse(upstream.requests[0].body);
    expect(sent).toMatchObject({ response_format: format, seed: 7, user: 'u-1', logprobs: true, top_logprobs: 2, metadata: { run: 'a' }, reasoning_effort: 'low', max_completion_tokens: 50, frequency_penalty: 0.5, presence_penalty: 0.25 });
    expect(sent.max_tokens).toBeUndefined();
  });

  it('refuses with 400 naming the parameter where the provider cannot honour it, and tools where no provider takes them, before any request', async () => {
    const upstream = await serve(toolCallingUpstream);
    const { url } = await startServe(['-p', 'anthropic,aivvm'], { ANTHROPIC_API_KEY: 'sk-ant-test-123456', G4F_CHAT_ANTHROPIC_BASE_URL: upstream.url, G4F_CHAT_AIVVM_BASE_URL: upstream.url });
    const post = (body: unknown) => fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const seeded = await post({ model: 'auto', messages: [{ role: 'user', content: 'x' }], seed: 7 });
    expect(seeded.status).toBe(400);
    expect((await seeded.json()).error).toMatchObject({ code: 'unsupported_parameter', param: 'seed' });
    const many = await post({ model: 'auto', messages: [{ role: 'user', content: 'x' }], n: 2 });
    expect((await many.json()).error).toMatchObject({ code: 'unsupported_parameter', param: 'n' });
    const { url: seedOnly } = await startServe(['-p', 'aivvm'], { G4F_CHAT_AIVVM_BASE_URL: upstream.url });
    const tools = await fetch(`${seedOnly}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }], tools: [WEATHER] }) });
    expect(tools.status).toBe(400);
    expect((await tools.json()).error).toMatchObject({ param: 'tools' });
    expect(upstream.requests).toHaveLength(0);
  });
});
