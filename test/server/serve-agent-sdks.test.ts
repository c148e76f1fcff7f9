import Anthropic from '@anthropic-ai/sdk';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateObject, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import type { ServerResponse } from 'node:http';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

const ARGUMENTS = '{"path":"notes.txt"}';

/**
 * An OpenAI-compatible upstream (chunk shapes of vercel/ai's recorded
 * `packages/groq/src/__fixtures__/groq-tool-call.chunks.txt`): it asks for `read` until a tool
 * result is in the conversation, then answers with what the result said; a request with
 * `response_format` gets JSON.
 */
function readingUpstream(req: RecordedRequest, res: ServerResponse) {
  const body = JSON.parse(req.body);
  const chunk = (choice: Record<string, unknown>) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, ...choice }] })}\n\n`;
  const result = body.messages.find((m: { role: string }) => m.role === 'tool')?.content as string | undefined;
  const text = body.response_format ? '{"name":"Ada","age":36}' : result ? `The file says: ${result}` : undefined;
  if (!body.stream) {
    const message = text ? { role: 'assistant', content: text } : { role: 'assistant', content: null, tool_calls: [{ id: 'call_7', type: 'function', function: { name: 'read', arguments: ARGUMENTS } }] };
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason: text ? 'stop' : 'tool_calls' }], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } }));
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  if (text) return res.end(`${chunk({ delta: { content: text }, finish_reason: null })}${chunk({ delta: {}, finish_reason: 'stop' })}data: [DONE]\n\n`);
  res.end(`${chunk({ delta: { tool_calls: [{ index: 0, id: 'call_7', type: 'function', function: { name: 'read', arguments: '{"path":' } }] }, finish_reason: null })}${chunk({ delta: { tool_calls: [{ index: 0, function: { arguments: '"notes.txt"}' } }] }, finish_reason: null })}${chunk({ delta: {}, finish_reason: 'tool_calls' })}data: [DONE]\n\n`);
}

async function serveReading() {
  const upstream = await serve(readingUpstream);
  const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
  return { upstream, url };
}

describe('the Responses API through serve (openai SDK responses.create)', () => {
  it('streams a function_call item, takes the function_call_output back, and answers', async () => {
    const { upstream, url } = await serveReading();
    const client = new OpenAI({ baseURL: url, apiKey: 'unused', maxRetries: 0 });
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'read', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }, strict: false }];
    const stream = await client.responses.create({ model: 'auto', instructions: 'Be brief.', input: 'what is in notes.txt?', tools, stream: true });
    const types: string[] = [];
    let call: OpenAI.Responses.ResponseFunctionToolCall | undefined;
    let sequence = -1;
    for await (const event of stream) {
      types.push(event.type);
      expect(event.sequence_number).toBe(sequence + 1);
      sequence = event.sequence_number;
      if (event.type === 'response.output_item.done' && event.item.type === 'function_call') call = event.item;
    }
    expect(types[0]).toBe('response.created');
    expect(types).toContain('response.function_call_arguments.delta');
    expect(types.at(-1)).toBe('response.completed');
    expect(call).toMatchObject({ type: 'function_call', call_id: 'call_7', name: 'read', arguments: ARGUMENTS });
    expect(JSON.parse(upstream.requests[0].body).messages[0]).toEqual({ role: 'system', content: 'Be brief.' });

    const answer = await client.responses.create({
      model: 'auto',
      input: [
        { role: 'user', content: 'what is in notes.txt?' },
        { type: 'function_call', call_id: 'call_7', name: 'read', arguments: ARGUMENTS },
        { type: 'function_call_output', call_id: 'call_7', output: 'buy milk' },
      ],
      tools,
    });
    expect(answer.output_text).toBe('The file says: buy milk');
    const history = JSON.parse(upstream.requests[1].body).messages;
    expect(history[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_7', function: { name: 'read', arguments: ARGUMENTS } }] });
    expect(history[2]).toEqual({ role: 'tool', tool_call_id: 'call_7', content: 'buy milk' });
  });

  it('refuses a previous_response_id it does not hold by name, before asking any provider', async () => {
    const { url, upstream } = await serveReading();
    const client = new OpenAI({ baseURL: url, apiKey: 'unused', maxRetries: 0 });
    await expect(client.responses.create({ model: 'auto', input: 'x', previous_response_id: 'resp_1' })).rejects.toMatchObject({ status: 404, param: 'previous_response_id' });
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('the Messages API through serve (@anthropic-ai/sdk)', () => {
  it('streams a tool_use block with input_json_delta and stop_reason tool_use, then answers from the tool_result', async () => {
    const { upstream, url } = await serveReading();
    const client = new Anthropic({ baseURL: url.replace(/\/v1$/, ''), apiKey: 'unused', maxRetries: 0 });
    const tools: Anthropic.Tool[] = [{ name: 'read', description: 'Read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }];
    const stream = client.messages.stream({ model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: 'what is in notes.txt?' }], tools });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_7', name: 'read', input: { path: 'notes.txt' } }]);
    expect(JSON.parse(upstream.requests[0].body).tools[0]).toMatchObject({ type: 'function', function: { name: 'read' } });

    const answer = await client.messages.create({
      model: 'auto',
      max_tokens: 100,
      tools,
      messages: [
        { role: 'user', content: 'what is in notes.txt?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_7', name: 'read', input: { path: 'notes.txt' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_7', content: 'buy milk' }] },
      ],
    });
    expect(answer.content).toEqual([{ type: 'text', text: 'The file says: buy milk' }]);
    expect(answer.stop_reason).toBe('end_turn');
  });
});

describe('the Vercel AI SDK through serve (@ai-sdk/openai-compatible + ai)', () => {
  it('streamText runs a tool over several steps and ends with the answer', async () => {
    const { url } = await serveReading();
    const provider = createOpenAICompatible({ name: 'g4f', baseURL: url });
    let executed = 0;
    const result = streamText({
      model: provider('auto'),
      prompt: 'what is in notes.txt?',
      tools: {
        read: tool({
          description: 'Read a file',
          inputSchema: jsonSchema<{ path: string }>({ type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }),
          execute: async ({ path }) => {
            executed += 1;
            return path === 'notes.txt' ? 'buy milk' : 'no such file';
          },
        }),
      },
      stopWhen: stepCountIs(3),
    });
    const text = await result.text;
    expect(executed).toBe(1);
    expect(text).toContain('buy milk');
  });

  it('generateObject gets the JSON the schema asked for', async () => {
    const { url, upstream } = await serveReading();
    const provider = createOpenAICompatible({ name: 'g4f', baseURL: url, supportsStructuredOutputs: true });
    const { object } = await generateObject({ model: provider('auto'), schema: jsonSchema<{ name: string; age: number }>({ type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } }, required: ['name', 'age'] }), prompt: 'a person' });
    expect(object).toEqual({ name: 'Ada', age: 36 });
    expect(JSON.parse(upstream.requests[0].body).response_format?.type).toMatch(/json/);
  });
});
