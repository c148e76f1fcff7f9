import { afterEach, describe, expect, it } from 'vitest';
import { can } from '../../src/ground/capabilities.js';
import type { ChatRequest, Message, Provider } from '../../src/ground/types.js';
import { anthropic } from '../../src/providers/anthropic/anthropic.js';
import { closeStartedServers, serve } from '../helpers/loopback-server.js';
import { collect, context } from '../helpers/collect.js';

afterEach(closeStartedServers);

const weather = { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

/** A conversation in which the model already called two tools and got both results back. */
const replayed: Message[] = [
  { role: 'system', content: 'sys' },
  { role: 'user', content: 'Weather in Paris and Rome?' },
  {
    role: 'assistant',
    content: 'Looking.',
    toolCalls: [
      { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'toolu_2', name: 'get_weather', arguments: 'not json' },
    ],
  },
  { role: 'tool', content: 'sunny', toolCallId: 'toolu_1', toolName: 'get_weather' },
  { role: 'tool', content: 'rainy', toolCallId: 'toolu_2' },
  { role: 'user', content: 'And Oslo?' },
];

const collectParts = (provider: Provider, req: ChatRequest, baseURL: string) => collect(provider, req, context(baseURL, { apiKey: 'k', signal: AbortSignal.timeout(5000) }));

/** Writes the answer in two network chunks, split in the middle of an event. */
function writeSplit(res: import('node:http').ServerResponse, type: string, text: string): void {
  res.writeHead(200, { 'content-type': type });
  const cut = Math.floor(text.length / 2);
  res.write(text.slice(0, cut));
  setTimeout(() => res.end(text.slice(cut)), 10);
}

describe('Anthropic tool calls', () => {
  // Shapes from anthropic-sdk-typescript src/resources/messages/messages.ts: Tool (input_schema),
  // ToolChoiceAny/ToolChoiceTool, ToolUseBlockParam, ToolResultBlockParam, InputJSONDelta,
  // RawContentBlockStartEvent; stop_reason 'tool_use'.
  const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  const answer = [
    sse('message_start', { type: 'message_start', message: { usage: { input_tokens: 20, output_tokens: 1 } } }),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking.' } }),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: {} } }),
    sse('content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"ci' } }),
    sse('content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: 'ty": "Oslo"}' } }),
    sse('content_block_stop', { type: 'content_block_stop', index: 1 }),
    sse('content_block_start', { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_10', name: 'now', input: {} } }),
    sse('content_block_stop', { type: 'content_block_stop', index: 2 }),
    sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 30 } }),
    sse('message_stop', { type: 'message_stop' }),
  ].join('');

  it('sends tools, tool_choice and the replayed calls and results; reads streamed tool_use blocks', async () => {
    const server = await serve((_req, res) => writeSplit(res, 'text/event-stream', answer));
    const now = { name: 'now', description: 'The time', parameters: { type: 'object', properties: {} } };
    const parts = await collectParts(anthropic, { messages: replayed, tools: [weather, now], toolChoice: 'required', stream: true }, server.url);
    const body = JSON.parse(server.requests[0].body);
    expect(body.tools).toEqual([
      { name: 'get_weather', description: 'Weather in a city', input_schema: weather.parameters },
      { name: 'now', description: 'The time', input_schema: now.parameters },
    ]);
    expect(body.tool_choice).toEqual({ type: 'any' });
    expect(body.system).toBe('sys');
    expect(body.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: 'rainy' },
        ],
      },
      { role: 'user', content: 'And Oslo?' },
    ]);
    expect(parts.filter((p) => p.type === 'tool-call')).toEqual([
      { type: 'tool-call', id: 'toolu_9', name: 'get_weather', arguments: '{"city": "Oslo"}' },
      { type: 'tool-call', id: 'toolu_10', name: 'now', arguments: '{}' },
    ]);
    expect(parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('')).toBe('Checking.');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', reason: 'tool-calls' });
    expect(can(anthropic, 'tools')).toBe(true);
  });

  it('maps every tool_choice', async () => {
    const server = await serve((_req, res) => writeSplit(res, 'text/event-stream', answer));
    for (const choice of ['auto', 'none', { name: 'get_weather' }] as const) {
      await collectParts(anthropic, { messages: [{ role: 'user', content: 'q' }], tools: [weather], toolChoice: choice, stream: true }, server.url);
    }
    expect(server.requests.map((r) => JSON.parse(r.body).tool_choice)).toEqual([{ type: 'auto' }, { type: 'none' }, { type: 'tool', name: 'get_weather' }]);
  });

  it('parallel_tool_calls false is disable_parallel_tool_use on the choice (ToolChoiceAuto/Any/Tool)', async () => {
    const server = await serve((_req, res) => writeSplit(res, 'text/event-stream', answer));
    for (const choice of [undefined, 'required', 'none'] as const) {
      await collectParts(anthropic, { messages: [{ role: 'user', content: 'q' }], tools: [weather], toolChoice: choice, parallelToolCalls: false, stream: true }, server.url);
    }
    expect(server.requests.map((r) => JSON.parse(r.body).tool_choice)).toEqual([
      { type: 'auto', disable_parallel_tool_use: true },
      { type: 'any', disable_parallel_tool_use: true },
      { type: 'none' },
    ]);
  });
});
