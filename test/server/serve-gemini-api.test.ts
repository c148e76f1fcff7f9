import { ApiError, FunctionCallingConfigMode, GoogleGenAI, Type } from '@google/genai';
import { afterEach, describe, expect, it } from 'vitest';
import { GROQ_REASONING } from '../fixtures/recorded-shapes.js';
import { closeStartedServers, serve, streamOpenAI, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { groqAt, toolProvider } from '../helpers/tool-provider.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

const TOKEN = 'serve-token-5551234567';

/**
 * The Gemini API's official client against `serve`, as gemini-cli uses it: gemini-cli builds
 * `new GoogleGenAI({ apiKey, httpOptions: { baseUrl } })` with the base URL from
 * `process.env['GOOGLE_GEMINI_BASE_URL']` and the key from GEMINI_API_KEY, sent as
 * `x-goog-api-key` (google-gemini/gemini-cli packages/core/src/core/contentGenerator.ts).
 */
const gemini = (url: string, apiKey = TOKEN) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: url.replace(/\/v1$/, ''), retryOptions: { attempts: 1 } } });
const sent = (upstream: { requests: RecordedRequest[] }, i = 0) => JSON.parse(upstream.requests[i].body);

describe('serve speaks the Gemini API (@google/genai)', () => {
  it('streams text with usageMetadata and finishReason last; systemInstruction and generationConfig reach the upstream; an unknown model name goes to the chain', async () => {
    const upstream = await serve((_req, res) => streamOpenAI(res, ['Hel', 'lo']));
    const { url } = await startServe(['-p', 'groq', '--api-key', TOKEN], groqAt(upstream.url));
    const chunks = [];
    for await (const chunk of await gemini(url).models.generateContentStream({
      model: 'gemini-3.1-pro-preview',
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      config: { systemInstruction: 'Be brief.', temperature: 0.2, maxOutputTokens: 50, stopSequences: ['END'], topP: 0.95, topK: 64, thinkingConfig: { thinkingBudget: 1024 } },
    })) chunks.push(chunk);
    expect(chunks.map((c) => c.text ?? '').join('')).toBe('Hello');
    expect(chunks.at(-1)!.candidates![0].finishReason).toBe('STOP');
    expect(chunks.at(-1)!.usageMetadata).toEqual({ promptTokenCount: 5, candidatesTokenCount: 3, totalTokenCount: 8 });
    expect(chunks[0].modelVersion).toMatch(/^groq\//);
    const body = sent(upstream);
    expect(body.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }]);
    expect(body).toMatchObject({ temperature: 0.2, max_tokens: 50, stop: ['END'], model: 'openai/gpt-oss-120b' });
    // Preferences where OpenAI's API has them: top_p, the budget as reasoning_effort; it has no top_k.
    expect(body).toMatchObject({ top_p: 0.95, reasoning_effort: 'low' });
    expect(body).not.toHaveProperty('top_k');
  });

  it('serve --map sends a Gemini model name to the provider/model it names; generateContent answers whole', async () => {
    const upstream = await serve((_req, res) => streamOpenAI(res, ['mapped']));
    const { url } = await startServe(['-p', 'groq', '--api-key', TOKEN, '--map', 'gemini-2.5-pro=groq/llama-3.3-70b-versatile'], groqAt(upstream.url));
    const answer = await gemini(url).models.generateContent({ model: 'gemini-2.5-pro', contents: 'hi' });
    expect(answer.text).toBe('mapped');
    expect(answer.candidates![0].finishReason).toBe('STOP');
    expect(answer.modelVersion).toBe('groq/llama-3.3-70b-versatile');
    expect(sent(upstream).model).toBe('llama-3.3-70b-versatile');
  });

  it('a function call round trip: declarations (parameters and parametersJsonSchema) and toolConfig out, functionCall with id and object args back, functionResponse paired by id', async () => {
    const upstream = await toolProvider((body) => (body.messages.some((m) => m.role === 'tool') ? { text: 'It is 21°C.' } : { call: { name: 'weather', arguments: '{"city":"Paris"}' } }));
    const { url } = await startServe(['-p', 'groq', '--api-key', TOKEN], groqAt(upstream.url));
    const client = gemini(url);
    const tools = [{ functionDeclarations: [
      { name: 'weather', description: 'Weather in a city', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING, nullable: true } }, required: ['city'] } },
      { name: 'time', description: 'Time in a city', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } } },
    ] }];
    const question = { role: 'user', parts: [{ text: 'weather in Paris?' }] };
    const first = await client.models.generateContent({ model: 'auto', contents: [question], config: { tools, toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: ['weather'] } } } });
    expect(first.functionCalls).toEqual([{ id: 'call_1', name: 'weather', args: { city: 'Paris' } }]);
    const out = sent(upstream);
    expect(out.tools[0].function.parameters).toEqual({ type: 'object', properties: { city: { type: ['string', 'null'] } }, required: ['city'] });
    expect(out.tools[1].function.parameters).toEqual({ type: 'object', properties: { city: { type: 'string' } } });
    expect(out.tool_choice).toEqual({ type: 'function', function: { name: 'weather' } });

    const second = await client.models.generateContent({
      model: 'auto',
      contents: [question, first.candidates![0].content!, { role: 'user', parts: [{ functionResponse: { id: 'call_1', name: 'weather', response: { temp: 21 } } }] }],
      config: { tools },
    });
    expect(second.text).toBe('It is 21°C.');
    const back = sent(upstream, 1).messages;
    expect(back[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_1', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] });
    expect(back[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' });
  });

  it('reasoning comes back as thought parts only when thinkingConfig.includeThoughts asks for them', async () => {
    const upstream = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${GROQ_REASONING.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`);
    });
    const { url } = await startServe(['-p', 'groq', '--api-key', TOKEN], groqAt(upstream.url));
    const parts = [];
    for await (const chunk of await gemini(url).models.generateContentStream({ model: 'auto', contents: 'solve', config: { thinkingConfig: { includeThoughts: true } } })) parts.push(...(chunk.candidates?.[0].content?.parts ?? []));
    expect(parts.filter((p) => p.thought)).toEqual([{ text: 'Okay, let me think', thought: true }]);
    const plain = await gemini(url).models.generateContent({ model: 'auto', contents: 'solve' });
    expect(plain.candidates![0].content!.parts).toEqual([{ text: '$x = 2$' }]);
    expect(plain.usageMetadata).toEqual({ promptTokenCount: 17, candidatesTokenCount: 8, totalTokenCount: 25 });
  });

  it('responseMimeType with responseSchema (Gemini types) or responseJsonSchema reaches the upstream as a json_schema response_format', async () => {
    const upstream = await serve((_req, res) => streamOpenAI(res, ['{"name":"Paris"}']));
    const { url } = await startServe(['-p', 'groq', '--api-key', TOKEN], groqAt(upstream.url));
    const client = gemini(url);
    const answer = await client.models.generateContent({ model: 'auto', contents: 'a city', config: { responseMimeType: 'application/json', responseSchema: { type: Type.OBJECT, properties: { name: { type: Type.STRING } } } } });
    expect(JSON.parse(answer.text!)).toEqual({ name: 'Paris' });
    expect(sent(upstream).response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object', properties: { name: { type: 'string' } } } } });
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    await client.models.generateContent({ model: 'auto', contents: 'a city', config: { responseMimeType: 'application/json', responseJsonSchema: schema } });
    expect(sent(upstream, 1).response_format.json_schema.schema).toEqual(schema);
  });

  it("errors are Gemini's {error:{code,message,status}}: a wrong key (and ?key= accepted), countTokens, Google's own tools, an unknown method", async () => {
    const upstream = await serve((_req, res) => streamOpenAI(res, ['ok']));
    const { url } = await startServe(['-p', 'groq', '--api-key', TOKEN], groqAt(upstream.url));
    const refusal = (promise: Promise<unknown>) => promise.then(() => expect.fail('answered'), (error: unknown) => error as ApiError);

    const wrong = await refusal(gemini(url, 'wrong-key').models.generateContent({ model: 'auto', contents: 'hi' }));
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.message).error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });

    const count = await refusal(gemini(url).models.countTokens({ model: 'auto', contents: 'hi' }));
    expect(count.status).toBe(501);
    expect(JSON.parse(count.message).error).toMatchObject({ code: 501, status: 'UNIMPLEMENTED', message: expect.stringContaining('usageMetadata') });

    const search = await refusal(gemini(url).models.generateContent({ model: 'auto', contents: 'news', config: { tools: [{ googleSearch: {} }] } }));
    expect(search.status).toBe(400);
    expect(JSON.parse(search.message).error).toMatchObject({ status: 'INVALID_ARGUMENT', message: expect.stringContaining('tools.0.googleSearch') });
    expect(upstream.requests).toHaveLength(0);

    const base = url.replace(/\/v1$/, '');
    const byQuery = await fetch(`${base}/v1beta/models/auto:generateContent?key=${TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] }) });
    expect(byQuery.status).toBe(200);
    const unknown = await fetch(`${base}/v1beta/models/auto:predict?key=${TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
  });

  it('streamGenerateContent without alt=sse is one JSON array; GET /v1beta/models lists auto and provider/model names', async () => {
    const upstream = await serve((_req, res) => streamOpenAI(res, ['a', 'b']));
    const { url } = await startServe(['-p', 'groq', '--api-key', TOKEN], groqAt(upstream.url));
    const base = url.replace(/\/v1$/, '');
    const array = await fetch(`${base}/v1/models/auto:streamGenerateContent`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': TOKEN }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }) });
    const chunks = (await array.json()) as Array<{ candidates: Array<{ content: { parts: Array<{ text: string }> } }> }>;
    expect(chunks.map((c) => c.candidates[0].content.parts[0].text).join('')).toBe('ab');
    const names: string[] = [];
    for await (const model of await gemini(url).models.list()) names.push(model.name!);
    expect(names).toContain('models/auto');
    expect(names.some((n) => n.startsWith('models/groq/'))).toBe(true);
  });
});
