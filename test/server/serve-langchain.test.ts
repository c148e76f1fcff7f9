import { ChatOpenAI } from '@langchain/openai';
import { tool } from '@langchain/core/tools';
import type { AIMessageChunk } from '@langchain/core/messages';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closeStartedServers, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

/**
 * An OpenAI-compatible upstream: JSON for a request with `response_format`, a call of the forced
 * tool with the record for a forced `tool_choice` (LangChain's functionCalling structured output),
 * else a call of `read`; streamed in the chunk shapes of vercel/ai's recorded
 * `packages/groq/src/__fixtures__/groq-tool-call.chunks.txt`, whole as openai-node's ChatCompletion.
 */
function upstream(req: RecordedRequest, res: ServerResponse) {
  const body = JSON.parse(req.body);
  const whole = (message: Record<string, unknown>, finish: string) => JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason: finish }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
  if (body.response_format) return res.writeHead(200, { 'content-type': 'application/json' }).end(whole({ role: 'assistant', content: '{"name":"Ada","age":36}' }, 'stop'));
  const forced = typeof body.tool_choice === 'object' ? body.tool_choice.function.name : undefined;
  const call = { id: 'call_1', type: 'function', function: { name: forced ?? 'read', arguments: forced ? '{"name":"Ada","age":36}' : '{"path":"notes.txt"}' } };
  if (!body.stream) return res.writeHead(200, { 'content-type': 'application/json' }).end(whole({ role: 'assistant', content: null, tool_calls: [call] }, 'tool_calls'));
  const chunk = (choice: Record<string, unknown>) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, ...choice }] })}\n\n`;
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(`${chunk({ delta: { tool_calls: [{ index: 0, ...call }] }, finish_reason: null })}${chunk({ delta: {}, finish_reason: 'tool_calls' })}data: [DONE]\n\n`);
}

describe('LangChain through serve (@langchain/openai)', () => {
  it('bindTools gets the tool call, whole and streamed; withStructuredOutput gets the record by every method', async () => {
    const llm = await serve(upstream);
    const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: llm.url });
    const model = new ChatOpenAI({ model: 'auto', apiKey: 'unused', configuration: { baseURL: url }, maxRetries: 0 });
    const read = tool(async () => 'buy milk', { name: 'read', description: 'Read a file', schema: z.object({ path: z.string() }) });
    const bound = model.bindTools([read]);

    expect((await bound.invoke('what is in notes.txt?')).tool_calls).toEqual([{ name: 'read', args: { path: 'notes.txt' }, id: 'call_1', type: 'tool_call' }]);
    let streamed: AIMessageChunk | undefined;
    for await (const piece of await bound.stream('what is in notes.txt?')) streamed = streamed ? streamed.concat(piece) : piece;
    expect(streamed!.tool_calls).toEqual([expect.objectContaining({ name: 'read', args: { path: 'notes.txt' }, id: 'call_1' })]);

    const person = z.object({ name: z.string(), age: z.number() });
    for (const method of ['functionCalling', 'jsonSchema', 'jsonMode'] as const) {
      expect(await model.withStructuredOutput(person, { method }).invoke('who?'), method).toEqual({ name: 'Ada', age: 36 });
    }
    // What reached the provider: the tools, the forced tool choice, the response formats.
    const sent = llm.requests.map((r) => JSON.parse(r.body));
    expect(sent[0].tools[0]).toMatchObject({ type: 'function', function: { name: 'read' } });
    expect(sent[2].tool_choice).toMatchObject({ type: 'function', function: { name: expect.any(String) } });
    expect(sent.slice(3).map((b) => b.response_format.type)).toEqual(['json_schema', 'json_object']);
  });
});
