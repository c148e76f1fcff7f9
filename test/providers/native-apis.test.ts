import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError, ServerError } from '../../src/ground/errors.js';
import { anthropic } from '../../src/providers/anthropic/anthropic.js';
import { gemini } from '../../src/providers/gemini/gemini.js';
import { normalizeOllamaHost, ollama } from '../../src/providers/ollama/ollama.js';
import { collect, context, textOf, userRequest } from '../helpers/collect.js';
import { sendJson, startServer, type LoopbackServer } from '../helpers/loopback-server.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const withSystem = [
  { role: 'system' as const, content: 'sys' },
  { role: 'user' as const, content: 'q1' },
  { role: 'assistant' as const, content: 'a1' },
  { role: 'user' as const, content: 'q2' },
];

describe('ollama', () => {
  const line = (content: string) => `${JSON.stringify({ model: 'm', message: { role: 'assistant', content }, done: false })}\n`;
  const doneLine = `${JSON.stringify({ model: 'm', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 7, eval_count: 4, eval_duration: 1000 })}\n`;

  it('streams NDJSON with split UTF-8 and reads the final done line', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const bytes = Buffer.from(line('Grüße') + line(' 🌍') + doneLine);
      res.write(bytes.subarray(0, 60));
      setTimeout(() => res.end(bytes.subarray(60)), 10);
    });
    const parts = await collect(ollama, { messages: withSystem, model: 'qwen2.5', temperature: 0.5, maxTokens: 9, stream: true }, context(server.url));
    expect(textOf(parts)).toBe('Grüße 🌍');
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: { inputTokens: 7, outputTokens: 4, totalTokens: 11 } });
    expect(server.requests[0].url).toBe('/api/chat');
    expect(JSON.parse(server.requests[0].body)).toEqual({ model: 'qwen2.5', messages: withSystem, stream: true, options: { temperature: 0.5, num_predict: 9 } });
  });

  it('reports a stream that ends without its done line as incomplete', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.end(line('half'));
    });
    const error = await collect(ollama, userRequest('x'), context(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
  });

  it('reports an error line with its message', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.end(`${JSON.stringify({ error: 'model "nope" not found, try pulling it first' })}\n`);
    });
    const error = await collect(ollama, userRequest('x'), context(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/try pulling it first/);
  });

  it('lists models from /api/tags', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { models: [{ name: 'llama3.2:latest' }, { name: 'qwen2.5:7b' }] }), { listsModels: true });
    expect(await ollama.listModels!(context(server.url))).toEqual(['llama3.2:latest', 'qwen2.5:7b']);
    expect(server.requests[0].url).toBe('/api/tags');
  });

  it('follows the OLLAMA_HOST rules', () => {
    expect(normalizeOllamaHost('')).toBe('http://127.0.0.1:11434');
    expect(normalizeOllamaHost('example.com')).toBe('http://example.com:11434');
    expect(normalizeOllamaHost('example.com:8080')).toBe('http://example.com:8080');
    expect(normalizeOllamaHost('0.0.0.0')).toBe('http://0.0.0.0:11434');
    expect(normalizeOllamaHost('https://ollama.example.com')).toBe('https://ollama.example.com');
    expect(normalizeOllamaHost('http://10.0.0.5:1234/')).toBe('http://10.0.0.5:1234');
  });
});

describe('anthropic', () => {
  const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

  it('speaks the Messages API with named events, ping ignored, thinking apart', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse('message_start', { type: 'message_start', message: { usage: { input_tokens: 12 } } }));
      res.write(sse('ping', { type: 'ping' }));
      res.write(sse('content_block_delta', { type: 'content_block_delta', delta: { type: 'thinking_delta', thinking: 'hmm' } }));
      res.write(sse('content_block_delta', { type: 'content_block_delta', delta: { type: 'text_delta', text: 'Hi ' } }));
      res.write(sse('content_block_delta', { type: 'content_block_delta', delta: { type: 'text_delta', text: 'there' } }));
      res.write(sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 5 } }));
      res.end(sse('message_stop', { type: 'message_stop' }));
    });
    const parts = await collect(anthropic, { messages: withSystem, model: 'claude-x', stream: true }, context(server.url, { apiKey: 'sk-ant-123456789' }));
    expect(textOf(parts)).toBe('Hi there');
    expect(parts.filter((p) => p.type === 'reasoning')).toEqual([{ type: 'reasoning', text: 'hmm' }]);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: { inputTokens: 12, outputTokens: 5, totalTokens: 17 } });
    const req = server.requests[0];
    expect(req.url).toBe('/v1/messages');
    expect(req.headers['x-api-key']).toBe('sk-ant-123456789');
    expect(req.headers['anthropic-version']).toBe('2023-06-01');
    expect(JSON.parse(req.body)).toEqual({ model: 'claude-x', max_tokens: 4096, messages: withSystem.slice(1), stream: true, system: 'sys' });
  });

  it('reports an error event with its message', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    });
    const error = await collect(anthropic, userRequest('x'), context(server.url, { apiKey: 'k-123456' })).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/Overloaded/);
  });
});

describe('gemini', () => {
  it('streams SSE with CRLF line endings and maps roles and system', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (text: string, extra: Record<string, unknown> = {}) =>
        `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text }] }, ...extra }] })}\r\n\r\n`;
      res.write(chunk('Bonjour'));
      res.end(`data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: 'plan', thought: true }, { text: ' à tous' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 } })}\r\n\r\n`);
    });
    const parts = await collect(gemini, { messages: withSystem, model: 'gemini-x', temperature: 0.1, maxTokens: 20, stream: true }, context(server.url, { apiKey: 'AIza-test-key' }));
    expect(textOf(parts)).toBe('Bonjour à tous');
    expect(parts.filter((p) => p.type === 'reasoning')).toEqual([{ type: 'reasoning', text: 'plan' }]);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 } });
    const req = server.requests[0];
    expect(req.url).toBe('/models/gemini-x:streamGenerateContent?alt=sse');
    expect(req.headers['x-goog-api-key']).toBe('AIza-test-key');
    expect(JSON.parse(req.body)).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'q1' }] },
        { role: 'model', parts: [{ text: 'a1' }] },
        { role: 'user', parts: [{ text: 'q2' }] },
      ],
      systemInstruction: { parts: [{ text: 'sys' }] },
      generationConfig: { temperature: 0.1, maxOutputTokens: 20 },
    });
  });
});
