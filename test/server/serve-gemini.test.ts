import OpenAI from 'openai';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

const sse = (data: unknown) => `data: ${JSON.stringify(data)}\r\n\r\n`;

/**
 * A streamGenerateContent stand-in (googleapis/js-genai src/types.ts: GenerateContentResponse):
 * with tools offered it calls `weather` (no id, as the Gemini API sends it), otherwise it answers
 * a JSON text.
 */
function geminiUpstream(req: RecordedRequest, res: ServerResponse) {
  const body = JSON.parse(req.body) as { tools?: unknown[] };
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const parts = body.tools ? [{ functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' }] : [{ text: '{"name":"Paris"}' }];
  res.end(sse({ candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }], responseId: 'r1' }));
}

const env = (url: string) => ({ GEMINI_API_KEY: 'gm-test-1234567890', G4F_CHAT_GEMINI_BASE_URL: url });

describe('serve in front of Gemini', () => {
  it('response_format json_schema reaches Gemini as responseMimeType and responseJsonSchema (openai SDK)', async () => {
    const upstream = await serve(geminiUpstream);
    const { url } = await startServe(['-p', 'gemini'], env(upstream.url));
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    const answer = await new OpenAI({ baseURL: url, apiKey: 'unused', maxRetries: 0 }).chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'a city' }],
      response_format: { type: 'json_schema', json_schema: { name: 'city', schema, strict: true } },
    });
    expect(answer.choices[0].message.content).toBe('{"name":"Paris"}');
    expect(JSON.parse(upstream.requests[0].body).generationConfig).toEqual({ responseMimeType: 'application/json', responseJsonSchema: schema });
  });

  it('a Gemini function call comes back as tool_calls with finish_reason tool_calls', async () => {
    const upstream = await serve(geminiUpstream);
    const { url } = await startServe(['-p', 'gemini'], env(upstream.url));
    const weather = { type: 'function' as const, function: { name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
    const answer = await new OpenAI({ baseURL: url, apiKey: 'unused', maxRetries: 0 }).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'weather?' }], tools: [weather], tool_choice: 'required' });
    expect(answer.choices[0].finish_reason).toBe('tool_calls');
    expect(answer.choices[0].message.tool_calls).toEqual([{ id: 'call_r1_0', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }]);
    const sent = JSON.parse(upstream.requests[0].body);
    expect(sent.tools).toEqual([{ functionDeclarations: [{ name: 'weather', description: 'Weather in a city', parametersJsonSchema: weather.function.parameters }] }]);
    expect(sent.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
  });
});
