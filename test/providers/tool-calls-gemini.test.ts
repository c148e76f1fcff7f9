import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { can } from '../../src/ground/capabilities.js';
import type { ChatRequest, Message, StreamPart } from '../../src/ground/types.js';
import { gemini } from '../../src/providers/gemini/gemini.js';
import { closeStartedServers, serve } from '../helpers/loopback-server.js';
import { collect, context } from '../helpers/collect.js';

afterEach(closeStartedServers);

// Shapes from googleapis/js-genai src/types.ts: FunctionDeclaration (parametersJsonSchema, the
// field that takes JSON Schema as it is), ToolConfig.functionCallingConfig, Part (functionCall,
// functionResponse, thoughtSignature), FunctionResponse.response ("output" key),
// GenerationConfig.responseMimeType / responseJsonSchema. google-gemini/gemini-cli
// packages/core/src/tools/mcp-client.ts declares MCP tools with parametersJsonSchema too.

/** An MCP-style schema: what `parameters` (Google's OpenAPI subset) would not take as it is. */
const readSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { path: { type: 'string', description: 'file path' }, lines: { anyOf: [{ type: 'integer' }, { type: 'null' }] } },
  required: ['path'],
  additionalProperties: false,
};
const readFile = { name: 'files__read', description: 'Read a file', parameters: readSchema };
const now = { name: 'now', description: 'The time', parameters: { type: 'object', properties: {} } };

/** Gemini's SSE lines: `data: <GenerateContentResponse>` and a blank line. */
const sse = (data: unknown) => `data: ${JSON.stringify(data)}\r\n\r\n`;
const chunk = (parts: unknown[], extra: Record<string, unknown> = {}) =>
  sse({ candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }], responseId: 'resp9', modelVersion: 'gemini-3.5-flash' });

/**
 * A text part, then two calls the way vercel/ai packages/google/src/__fixtures__/google-tool-call-gemini3.chunks.txt
 * records them: each call whole in its own chunk, the first one signed, and the finishReason STOP
 * in a last chunk of empty text with the usage.
 */
const answer = [
  chunk([{ text: 'Let me ' }]),
  chunk([{ text: 'look.' }]),
  chunk([{ functionCall: { name: 'files__read', args: { path: 'notes.txt' } }, thoughtSignature: 'c2lnLTE=' }]),
  chunk([{ functionCall: { name: 'now', args: {} } }]),
  sse({ candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 29, candidatesTokenCount: 15, totalTokenCount: 44 }, responseId: 'resp9' }),
].join('');

/** Writes `text` in three network reads, each cut in the middle of an event. */
function writeInPieces(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const a = Math.floor(text.length / 3);
  const b = Math.floor((2 * text.length) / 3);
  res.write(text.slice(0, a));
  setTimeout(() => res.write(text.slice(a, b)), 10);
  setTimeout(() => res.end(text.slice(b)), 20);
}

const collectGemini = (req: ChatRequest, baseURL: string) => collect(gemini, req, context(baseURL, { apiKey: 'gm-test-1234', signal: AbortSignal.timeout(5000) }));

const stopAnswer = sse({ candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP', index: 0 }] });
const user = (content: string): Message => ({ role: 'user', content });

describe('Gemini tool calls', () => {
  it('sends tools as functionDeclarations with the JSON Schema unchanged, and toolConfig for every tool choice', async () => {
    const server = await serve((_req, res) => writeInPieces(res, stopAnswer));
    await collectGemini({ messages: [user('q')], tools: [readFile, now], stream: true }, server.url);
    for (const toolChoice of ['auto', 'none', 'required', { name: 'now' }] as const) {
      await collectGemini({ messages: [user('q')], tools: [readFile, now], toolChoice, stream: true }, server.url);
    }
    const bodies = server.requests.map((r) => JSON.parse(r.body));
    expect(bodies[0]).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'q' }] }],
      tools: [
        {
          functionDeclarations: [
            { name: 'files__read', description: 'Read a file', parametersJsonSchema: readSchema },
            { name: 'now', description: 'The time', parametersJsonSchema: { type: 'object', properties: {} } },
          ],
        },
      ],
    });
    expect(bodies.slice(1).map((b) => b.toolConfig)).toEqual([
      { functionCallingConfig: { mode: 'AUTO' } },
      { functionCallingConfig: { mode: 'NONE' } },
      { functionCallingConfig: { mode: 'ANY' } },
      { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['now'] } },
    ]);
    expect(can(gemini, 'tools')).toBe(true);
  });

  it('reads an answer split across network reads: text, then two calls in order, finish tool-calls', async () => {
    const server = await serve((_req, res) => writeInPieces(res, answer));
    const parts = await collectGemini({ messages: [user('what is in notes.txt?')], tools: [readFile, now], stream: true }, server.url);
    // Where the text is cut depends on the network reads: text next to text is joined here.
    const said = parts.filter((p) => p.type !== 'start').reduce<StreamPart[]>((out, p) => {
      const last = out.at(-1);
      if (last?.type === 'text' && p.type === 'text') out[out.length - 1] = { type: 'text', text: last.text + p.text };
      else out.push(p);
      return out;
    }, []);
    expect(said).toEqual([
      { type: 'text', text: 'Let me look.' },
      { type: 'tool-call', id: 'call_resp9_0', name: 'files__read', arguments: '{"path":"notes.txt"}', signature: 'c2lnLTE=' },
      { type: 'tool-call', id: 'call_resp9_1', name: 'now', arguments: '{}' },
      { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 29, outputTokens: 15, totalTokens: 44 } },
    ]);
  });

  it('keeps an id the API sends, and makes a distinct one per call when there is no responseId either', async () => {
    const body = [
      sse({ candidates: [{ content: { parts: [{ functionCall: { id: 'fc-7', name: 'now', args: {} } }, { functionCall: { name: 'now', args: {} } }] }, finishReason: 'STOP' }] }),
    ].join('');
    const server = await serve((_req, res) => writeInPieces(res, body));
    const calls = (await collectGemini({ messages: [user('q')], tools: [now], stream: true }, server.url)).filter((p) => p.type === 'tool-call');
    expect(calls.map((c) => (c as { id: string }).id)).toEqual(['fc-7', expect.stringMatching(/^call_[0-9a-f-]{36}_1$/)]);
  });

  it('replays calls with their signatures and a run of results as ONE user content of functionResponse parts', async () => {
    const server = await serve((_req, res) => writeInPieces(res, stopAnswer));
    const messages: Message[] = [
      { role: 'system', content: 'be brief' },
      user('notes and time?'),
      {
        role: 'assistant',
        content: 'Looking.',
        toolCalls: [
          { id: 'call_resp9_0', name: 'files__read', arguments: '{"path":"notes.txt"}', signature: 'c2lnLTE=' },
          { id: 'call_resp9_1', name: 'now', arguments: 'not json' },
        ],
      },
      { role: 'tool', content: 'buy milk\n', toolCallId: 'call_resp9_0', toolName: 'files__read' },
      // No toolName: the name comes from the call with this id.
      { role: 'tool', content: '12:00', toolCallId: 'call_resp9_1' },
      user('thanks'),
    ];
    await collectGemini({ messages, tools: [readFile, now], stream: true }, server.url);
    const body = JSON.parse(server.requests[0].body);
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'be brief' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'notes and time?' }] },
      {
        role: 'model',
        parts: [
          { text: 'Looking.' },
          { functionCall: { id: 'call_resp9_0', name: 'files__read', args: { path: 'notes.txt' } }, thoughtSignature: 'c2lnLTE=' },
          // Of parallel calls Gemini signs only the first: the second goes back unsigned, as received.
          { functionCall: { id: 'call_resp9_1', name: 'now', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'call_resp9_0', name: 'files__read', response: { output: 'buy milk\n' } } },
          { functionResponse: { id: 'call_resp9_1', name: 'now', response: { output: '12:00' } } },
        ],
      },
      { role: 'user', parts: [{ text: 'thanks' }] },
    ]);
  });

  it('a conversation saved from an OpenAI-shaped provider (no signatures, call_ ids) becomes valid contents: the documented skip signature on the first call', async () => {
    // ai.google.dev/gemini-api/docs/thought-signatures: calls not made by Gemini carry
    // "skip_thought_signature_validator" (as gemini-cli packages/core/src/utils/historyHardening.ts
    // and vercel/ai packages/google/src/convert-to-google-messages.ts send it).
    const server = await serve((_req, res) => writeInPieces(res, stopAnswer));
    const messages: Message[] = [
      user('what is in notes.txt?'),
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_abc', name: 'files__read', arguments: '{"path":"notes.txt"}' }, { id: 'call_def', name: 'now', arguments: '{}' }] },
      { role: 'tool', content: 'buy milk\n', toolCallId: 'call_abc', toolName: 'files__read' },
      { role: 'tool', content: '12:00', toolCallId: 'call_def', toolName: 'now' },
      { role: 'assistant', content: 'notes.txt says: buy milk' },
      user('thanks'),
    ];
    await collectGemini({ messages, stream: true }, server.url);
    const body = JSON.parse(server.requests[0].body);
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'what is in notes.txt?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { id: 'call_abc', name: 'files__read', args: { path: 'notes.txt' } }, thoughtSignature: 'skip_thought_signature_validator' },
          { functionCall: { id: 'call_def', name: 'now', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'call_abc', name: 'files__read', response: { output: 'buy milk\n' } } },
          { functionResponse: { id: 'call_def', name: 'now', response: { output: '12:00' } } },
        ],
      },
      { role: 'model', parts: [{ text: 'notes.txt says: buy milk' }] },
      { role: 'user', parts: [{ text: 'thanks' }] },
    ]);
    expect(body.tools).toBeUndefined();
  });
});

describe('Gemini structured output', () => {
  it('json_object → responseMimeType; json_schema → responseMimeType and responseJsonSchema with the schema unchanged; text → nothing', async () => {
    const server = await serve((_req, res) => writeInPieces(res, stopAnswer));
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    await collectGemini({ messages: [user('q')], responseFormat: { type: 'json_object' }, stream: true }, server.url);
    await collectGemini({ messages: [user('q')], responseFormat: { type: 'json_schema', name: 'city', schema, strict: true }, temperature: 0.2, stream: true }, server.url);
    await collectGemini({ messages: [user('q')], responseFormat: { type: 'text' }, stream: true }, server.url);
    const configs = server.requests.map((r) => JSON.parse(r.body).generationConfig);
    expect(configs).toEqual([
      { responseMimeType: 'application/json' },
      { responseMimeType: 'application/json', responseJsonSchema: schema, temperature: 0.2 },
      undefined,
    ]);
    expect(can(gemini, 'response-format')).toBe(true);
  });
});
