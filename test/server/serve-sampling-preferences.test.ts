import { GoogleGenAI, ThinkingLevel, type GenerateContentConfig } from '@google/genai';
import type { ServerResponse } from 'node:http';
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { ANTHROPIC_CUMULATIVE_USAGE, GEMINI_TEXT, GEMINI_TEXT_ANSWER, sse } from '../fixtures/recorded-shapes.js';
import { closeStartedServers, sendJson, serve, streamOpenAI, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { groqAt } from '../helpers/tool-provider.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

/**
 * A Gemini or Ollama client's `topP`, `topK` and thinking budget reach the upstream in its own
 * API's words where it has them, and never take a provider out of the chain.
 */
const gemini = (url: string) => new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: url.replace(/\/v1$/, ''), retryOptions: { attempts: 1 } } });
const ollamaAt = (url: string) => new Ollama({ host: url.replace(/\/v1$/, '') });
const bodies = (upstream: { requests: RecordedRequest[] }, path = '') => upstream.requests.filter((r) => r.url.includes(path)).map((r) => JSON.parse(r.body));

/** What gemini-cli sends with every chat request (packages/core/src/config/defaultModelConfigs.ts `chat-base`). */
const GEMINI_CLI: GenerateContentConfig = { temperature: 1, topP: 0.95, topK: 64, thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 } };
const ask = (url: string, config: GenerateContentConfig, model = 'gemini-2.5-pro') => gemini(url).models.generateContent({ model, contents: 'hi', config });

function ollamaUpstream(req: RecordedRequest, res: ServerResponse) {
  if (req.url === '/api/tags') return sendJson(res, 200, { models: [{ name: 'llama3.2' }] });
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  res.end(`${JSON.stringify({ model: 'llama3.2', message: { role: 'assistant', content: 'ok' }, done: false })}\n${JSON.stringify({ model: 'llama3.2', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop' })}\n`);
}

describe('Gemini generationConfig preferences through serve (@google/genai)', () => {
  it('to a Gemini upstream: topP and topK as generationConfig.topP and topK', async () => {
    const upstream = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse(GEMINI_TEXT));
    });
    const { url } = await startServe(['-p', 'gemini'], { GEMINI_API_KEY: 'gm-test-1234567890', G4F_CHAT_GEMINI_BASE_URL: upstream.url });
    expect((await ask(url, GEMINI_CLI)).text).toBe(GEMINI_TEXT_ANSWER);
    expect(bodies(upstream)[0].generationConfig).toMatchObject({ temperature: 1, topP: 0.95, topK: 64 });
  });

  it('to an Anthropic upstream: top_k, and top_p only without a temperature (newer Claude models refuse both)', async () => {
    const upstream = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse(ANTHROPIC_CUMULATIVE_USAGE, { named: true }));
    });
    const { url } = await startServe(['-p', 'anthropic'], { ANTHROPIC_API_KEY: 'sk-ant-test-123456', G4F_CHAT_ANTHROPIC_BASE_URL: upstream.url });
    expect((await ask(url, GEMINI_CLI)).text).toBe('pong');
    expect((await ask(url, { topP: 0.5, topK: 8 })).text).toBe('pong');
    const [withTemperature, without] = bodies(upstream, '/v1/messages');
    expect(withTemperature).toMatchObject({ temperature: 1, top_k: 64 });
    expect(withTemperature).not.toHaveProperty('top_p');
    expect(without).toMatchObject({ top_p: 0.5, top_k: 8 });
    expect(without).not.toHaveProperty('temperature');
  });

  it('to an OpenAI-compatible upstream: top_p, no top_k; the thinking budget or level as reasoning_effort for a model that takes one, none for another', async () => {
    const upstream = await serve((_req, res) => streamOpenAI(res, ['ok']));
    const { url } = await startServe(['-p', 'groq', '--map', 'llama=groq/llama-3.3-70b-versatile'], groqAt(upstream.url));
    await ask(url, GEMINI_CLI);
    await ask(url, { thinkingConfig: { thinkingBudget: 0 } });
    await ask(url, { thinkingConfig: { thinkingBudget: 24_576 } });
    await ask(url, { thinkingConfig: { thinkingLevel: ThinkingLevel.MEDIUM } });
    await ask(url, { thinkingConfig: { thinkingBudget: -1 } });
    await ask(url, GEMINI_CLI, 'llama');
    const sent = bodies(upstream);
    expect(sent[0]).toMatchObject({ model: 'openai/gpt-oss-120b', temperature: 1, top_p: 0.95, reasoning_effort: 'medium' });
    expect(sent[0]).not.toHaveProperty('top_k');
    expect(sent.slice(1, 5).map((b) => b.reasoning_effort)).toEqual(['low', 'high', 'medium', undefined]);
    expect(sent[5]).toMatchObject({ model: 'llama-3.3-70b-versatile', top_p: 0.95 });
    expect(sent[5]).not.toHaveProperty('reasoning_effort');
  });
});

describe('Ollama options.top_p and top_k through serve (ollama library)', () => {
  it('to an Ollama upstream: options.top_p and top_k as given', async () => {
    const upstream = await serve(ollamaUpstream);
    const { url } = await startServe([], { OLLAMA_HOST: upstream.url });
    const answer = await ollamaAt(url).chat({ model: 'ollama/llama3.2', messages: [{ role: 'user', content: 'hi' }], options: { top_p: 0.9, top_k: 40, temperature: 0.3 } });
    expect(answer.message.content).toBe('ok');
    expect(bodies(upstream, '/api/chat')[0].options).toMatchObject({ top_p: 0.9, top_k: 40, temperature: 0.3 });
  });

  it('to an OpenAI-compatible upstream: top_p without top_k; think "high" as reasoning_effort', async () => {
    const upstream = await serve((_req, res) => streamOpenAI(res, ['ok']));
    const { url } = await startServe(['-p', 'groq'], groqAt(upstream.url));
    await ollamaAt(url).chat({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], think: 'high', options: { top_p: 0.9, top_k: 40 } });
    const [sent] = bodies(upstream);
    expect(sent).toMatchObject({ top_p: 0.9, reasoning_effort: 'high' });
    expect(sent).not.toHaveProperty('top_k');
  });
});
