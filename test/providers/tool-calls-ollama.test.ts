import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/ground/errors.js';
import { can } from '../../src/ground/capabilities.js';
import type { ChatRequest, Message } from '../../src/ground/types.js';
import { ollama } from '../../src/providers/ollama/ollama.js';
import { closeStartedServers, serve } from '../helpers/loopback-server.js';
import { collect, context } from '../helpers/collect.js';

afterEach(closeStartedServers);

/*
 * Shapes from ollama/ollama api/types.go (ChatRequest.Tools/Format, Tool, ToolFunction,
 * ToolCall {id, function:{index, name, arguments}} — arguments an object —, Message.ToolName,
 * Message.ToolCallID), server/routes.go (toolCallId: "call_" + 8 characters on every call),
 * docs/api.md ("Chat request (Streaming with tools)": the call whole in a `done:false` line, then
 * a `done:true` line with `done_reason:"stop"`; "Chat request (With history, with tools)";
 * "Chat request (Structured outputs)") and ollama/ollama-js src/interfaces.ts (ToolCall without id).
 */

const weather = { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const PNG = 'iVBORw0KGgo=';

/** A conversation in which the model already called two tools and got both results back. */
const replayed: Message[] = [
  { role: 'system', content: 'sys' },
  { role: 'user', content: 'Weather in Paris and Rome?', images: [{ mediaType: 'image/png', data: PNG }] },
  {
    role: 'assistant',
    content: 'Looking.',
    reasoning: 'Two cities: two calls.',
    toolCalls: [
      { id: 'call_a1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_a2', name: 'get_weather', arguments: 'not json' },
    ],
  },
  { role: 'tool', content: 'sunny', toolCallId: 'call_a1', toolName: 'get_weather' },
  // Saved without its tool's name: it is taken from the call it answers.
  { role: 'tool', content: 'rainy', toolCallId: 'call_a2' },
  { role: 'user', content: 'And Oslo?' },
];

const collectParts = (req: ChatRequest, baseURL: string) => collect(ollama, req, context(baseURL, { signal: AbortSignal.timeout(5000) }));

const line = (record: unknown) => `${JSON.stringify(record)}\n`;
const done = line({ model: 'llama3.2', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 169, eval_count: 15 });
const plain = (res: ServerResponse) => res.end(`${line({ message: { role: 'assistant', content: 'ok' }, done: false })}${done}`);

describe('Ollama tool calls', () => {
  it('sends tools and the replayed calls and results exactly, images as base64 strings', async () => {
    const server = await serve((_req, res) => plain(res));
    await collectParts({ model: 'llama3.2', messages: replayed, tools: [weather], toolChoice: 'auto', stream: true }, server.url);
    expect(JSON.parse(server.requests[0].body)).toEqual({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'Weather in Paris and Rome?', images: [PNG] },
        {
          role: 'assistant',
          content: 'Looking.',
          // Message.Thinking: the reasoning that led to the calls goes back with them.
          thinking: 'Two cities: two calls.',
          tool_calls: [
            { id: 'call_a1', function: { name: 'get_weather', arguments: { city: 'Paris' } } },
            { id: 'call_a2', function: { name: 'get_weather', arguments: {} } },
          ],
        },
        { role: 'tool', content: 'sunny', tool_name: 'get_weather', tool_call_id: 'call_a1' },
        { role: 'tool', content: 'rainy', tool_name: 'get_weather', tool_call_id: 'call_a2' },
        { role: 'user', content: 'And Oslo?' },
      ],
      tools: [{ type: 'function', function: weather }],
      stream: true,
      options: {},
    });
    expect(can(ollama, 'tools')).toBe(true);
  });

  it('tool_choice none offers no tools; required or a named tool is refused before any request', async () => {
    const server = await serve((_req, res) => plain(res));
    await collectParts({ messages: [{ role: 'user', content: 'q' }], tools: [weather], toolChoice: 'none', stream: true }, server.url);
    expect(JSON.parse(server.requests[0].body)).not.toHaveProperty('tools');
    for (const toolChoice of ['required', { name: 'get_weather' }] as const) {
      await expect(collectParts({ messages: [{ role: 'user', content: 'q' }], tools: [weather], toolChoice, stream: true }, server.url)).rejects.toBeInstanceOf(UsageError);
    }
    expect(server.requests).toHaveLength(1);
    expect(can(ollama, 'tool-choice')).toBe(false);
  });

  it('response_format json_object is format "json", json_schema is format with the schema object', async () => {
    const server = await serve((_req, res) => plain(res));
    const schema = { type: 'object', properties: { age: { type: 'integer' }, available: { type: 'boolean' } }, required: ['age', 'available'] };
    const ask = (responseFormat: ChatRequest['responseFormat']) => collectParts({ messages: [{ role: 'user', content: 'q' }], responseFormat, stream: false }, server.url);
    await ask({ type: 'json_object' });
    await ask({ type: 'json_schema', name: 'person', schema, strict: true });
    await ask({ type: 'text' });
    const formats = server.requests.map((r) => JSON.parse(r.body).format);
    expect(formats).toEqual(['json', schema, undefined]);
    expect(can(ollama, 'response-format')).toBe(true);
  });

  it('reads calls that arrive whole in a line split across network reads: parts in order, finish tool-calls', async () => {
    const calls = line({
      model: 'llama3.2',
      message: {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_x7k2p9qa', function: { index: 0, name: 'get_weather', arguments: { city: 'Oslo', days: 2 } } },
          // ollama-js's ToolCall and older servers send no id.
          { function: { index: 1, name: 'get_weather', arguments: { city: 'Rome' } } },
        ],
      },
      done: false,
    });
    const text = line({ model: 'llama3.2', message: { role: 'assistant', content: 'Checking.' }, done: false });
    const cut = Math.floor(calls.length / 2);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(text + calls.slice(0, cut));
      setTimeout(() => res.end(calls.slice(cut) + done), 20);
    });
    const parts = await collectParts({ messages: [{ role: 'user', content: 'Weather in Oslo and Rome?' }], tools: [weather], stream: true }, server.url);
    expect(parts.map((p) => p.type)).toEqual(['start', 'text', 'tool-call', 'tool-call', 'finish']);
    expect(parts[1]).toEqual({ type: 'text', text: 'Checking.' });
    expect(parts[2]).toEqual({ type: 'tool-call', id: 'call_x7k2p9qa', name: 'get_weather', arguments: '{"city":"Oslo","days":2}' });
    expect(parts[3]).toMatchObject({ type: 'tool-call', name: 'get_weather', arguments: '{"city":"Rome"}' });
    expect((parts[3] as { id: string }).id).toMatch(/^call_\w+$/);
    expect(parts[4]).toMatchObject({ type: 'finish', reason: 'tool-calls', usage: { inputTokens: 169, outputTokens: 15 } });

    // A made-up id is unique across the turns of a conversation, not just within one answer.
    const again = await collectParts({ messages: [{ role: 'user', content: 'again' }], tools: [weather], stream: true }, server.url);
    const ids = [parts[3], again[3]].map((p) => (p as { id: string }).id);
    expect(new Set(ids).size).toBe(2);
  });

  it('an answer without calls still finishes with stop', async () => {
    const server = await serve((_req, res) => plain(res));
    const parts = await collectParts({ messages: [{ role: 'user', content: 'q' }], tools: [weather], stream: true }, server.url);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
  });
});
