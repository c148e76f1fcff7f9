import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

/**
 * A DeepSeek-style upstream (chunk shapes of vercel/ai's recorded
 * `packages/deepseek/src/chat/__fixtures__/deepseek-reasoning.chunks.txt`, plus a tool call): it
 * reasons, asks for `read` until a result comes back, then answers from it.
 */
function reasoningReader(req: RecordedRequest, res: ServerResponse) {
  const body = JSON.parse(req.body);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const result = body.messages.find((m: { role: string }) => m.role === 'tool')?.content;
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const thought = chunk({ reasoning_content: 'I need the file first.' });
  if (result) return res.end(`${thought}${chunk({ content: `The file says: ${result}` })}${chunk({}, 'stop')}data: [DONE]\n\n`);
  res.end(`${thought}${chunk({ tool_calls: [{ index: 0, id: 'call_7', type: 'function', function: { name: 'read', arguments: '{"path":"notes.txt"}' } }] })}${chunk({}, 'tool_calls')}data: [DONE]\n\n`);
}

describe("the Vercel AI SDK's OpenAI provider through serve (@ai-sdk/openai on the Responses API)", () => {
  it('runs a tool over several steps; the reasoning item it refers back to (item_reference) is found again', async () => {
    const upstream = await serve(reasoningReader);
    const { url } = await startServe(['-p', 'deepseek'], { DEEPSEEK_API_KEY: 'ds-test-1234567890', G4F_CHAT_DEEPSEEK_BASE_URL: upstream.url });
    const sent: Array<{ input: Array<{ type?: string }> }> = [];
    const openai = createOpenAI({ baseURL: url, apiKey: 'unused', fetch: (input, init) => (sent.push(JSON.parse(String(init?.body))), fetch(input, init)) });
    let executed = 0;
    const tools = { read: tool({ description: 'Read a file', inputSchema: jsonSchema<{ path: string }>({ type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }), execute: async () => (executed++, 'buy milk') }) };

    // Asked for a reasoning summary, the SDK shows the reasoning (it reads summaries only; it asks
    // for one only of a model it takes for a reasoning model).
    const providerOptions = { openai: { reasoningSummary: 'auto', forceReasoning: true } };
    const streamed = streamText({ model: openai('auto'), prompt: 'what is in notes.txt?', tools, stopWhen: stepCountIs(3), providerOptions });
    expect(await streamed.text).toBe('The file says: buy milk');
    expect((await streamed.steps).map((s) => s.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(await streamed.reasoningText).toBe('I need the file first.');
    // The SDK keeps no reasoning of its own: it refers to the item by id.
    expect(sent[1].input.map((item) => item.type)).toContain('item_reference');
    // …and the reasoning reaches DeepSeek again with the call it came before (guides/thinking_mode).
    expect(JSON.parse(upstream.requests[1].body).messages[1]).toMatchObject({ role: 'assistant', reasoning_content: 'I need the file first.', tool_calls: [{ id: 'call_7' }] });

    const whole = await generateText({ model: openai('auto'), prompt: 'what is in notes.txt?', tools, stopWhen: stepCountIs(3), providerOptions });
    expect(whole.text).toBe('The file says: buy milk');
    expect(whole.reasoningText).toBe('I need the file first.');
    expect(executed).toBe(2);
  });

  it('a reference to an item serve never keeps is refused by name', async () => {
    const upstream = await serve(reasoningReader);
    const { url } = await startServe(['-p', 'deepseek'], { DEEPSEEK_API_KEY: 'ds-test-1234567890', G4F_CHAT_DEEPSEEK_BASE_URL: upstream.url });
    const res = await fetch(`${url}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'auto', input: [{ role: 'user', content: 'hi' }, { type: 'item_reference', id: 'msg_123' }] }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { param: 'input[1]', message: expect.stringMatching(/item_reference msg_123 is not known/) } });
    expect(upstream.requests).toHaveLength(0);
  });
});
