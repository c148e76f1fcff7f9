import { GoogleGenAI } from '@google/genai';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { groqAt } from '../helpers/tool-provider.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

/** An OpenAI `/embeddings` stand-in: each input's vector is [its length, its index]. */
function openAIEmbeddingsUpstream(req: RecordedRequest, res: import('node:http').ServerResponse) {
  const body = JSON.parse(req.body) as { input: string[]; model: string };
  sendJson(res, 200, { object: 'list', model: body.model, data: body.input.map((text, index) => ({ object: 'embedding', index, embedding: [text.length, index] })), usage: { prompt_tokens: 7, total_tokens: 7 } });
}

const openaiAt = (url: string) => ({ OPENAI_API_KEY: 'sk-test-1234567890abcdef', G4F_CHAT_OPENAI_BASE_URL: url });

describe('embeddings through serve, from providers that have an embeddings API', () => {
  it('POST /v1/embeddings (openai SDK, base64 by default and float): a provider without an embeddings API is skipped in the chain', async () => {
    const groq = await serve((_req, res) => sendJson(res, 500, { error: 'not asked' }));
    const upstream = await serve(openAIEmbeddingsUpstream);
    const { url } = await startServe(['-p', 'groq,openai'], { ...groqAt(groq.url), ...openaiAt(upstream.url) });
    const client = new OpenAI({ baseURL: url, apiKey: 'unused', maxRetries: 0 });
    const answer = await client.embeddings.create({ model: 'auto', input: ['hello', 'hi'] });
    expect(answer.data.map((d) => d.embedding)).toEqual([[5, 0], [2, 1]]);
    expect(answer.model).toBe('openai/text-embedding-3-small');
    expect(answer.usage).toEqual({ prompt_tokens: 7, total_tokens: 7 });
    const floats = await client.embeddings.create({ model: 'openai/text-embedding-3-large', input: 'abc', encoding_format: 'float', dimensions: 2 });
    expect(floats.data[0].embedding).toEqual([3, 0]);
    expect(JSON.parse(upstream.requests[1].body)).toMatchObject({ model: 'text-embedding-3-large', dimensions: 2, input: ['abc'] });
    expect(groq.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('a chat model is refused by name; a chain with no embeddings API says so', async () => {
    const upstream = await serve(openAIEmbeddingsUpstream);
    const { url } = await startServe(['-p', 'openai'], openaiAt(upstream.url));
    const client = new OpenAI({ baseURL: url, apiKey: 'unused', maxRetries: 0 });
    await expect(client.embeddings.create({ model: 'openai/gpt-4o-mini', input: 'x' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('gpt-4o-mini is a chat model of openai, not an embedding model') });
    const groq = await serve((_req, res) => sendJson(res, 500, {}));
    const only = await startServe(['-p', 'groq'], groqAt(groq.url));
    await expect(new OpenAI({ baseURL: only.url, apiKey: 'unused', maxRetries: 0 }).embeddings.create({ model: 'auto', input: 'x' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('has no embeddings API') });
    expect(upstream.requests).toHaveLength(0);
  });

  it("Ollama's /api/embed (ollama library) and Gemini's embedContent and batchEmbedContents (@google/genai)", async () => {
    const upstream = await serve(openAIEmbeddingsUpstream);
    const { url } = await startServe(['-p', 'openai'], openaiAt(upstream.url));
    const root = url.replace(/\/v1$/, '');
    const ollama = await new Ollama({ host: root }).embed({ model: 'auto', input: ['one', 'three'] });
    expect(ollama).toMatchObject({ model: 'auto', embeddings: [[3, 0], [5, 1]], prompt_eval_count: 7 });
    const gemini = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: root, retryOptions: { attempts: 1 } } });
    const many = await gemini.models.embedContent({ model: 'gemini-embedding-001', contents: ['ab', 'abcd'] });
    expect(many.embeddings!.map((e) => e.values)).toEqual([[2, 0], [4, 1]]);
    expect(JSON.parse(upstream.requests.at(-1)!.body).model).toBe('text-embedding-3-small');
    const one = await fetch(`${root}/v1beta/models/gemini-embedding-001:embedContent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: { parts: [{ text: 'abc' }] } }) });
    expect(await one.json()).toEqual({ embedding: { values: [3, 0] } });
  });
});
