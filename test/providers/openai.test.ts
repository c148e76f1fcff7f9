import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, HttpStatusError, NetworkError, ServerError, TimeoutError } from '../../src/ground/errors.js';
import { openai } from '../../src/providers/openai/openai.js';
import { collect, context, textOf, userRequest } from '../helpers/collect.js';
import { openAIChunk, sendJson, startServer, streamOpenAI, type LoopbackServer } from '../helpers/loopback-server.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('openai provider', () => {
  it('streams and sends the request the wire spec describes', async () => {
    server = await startServer((_req, res) => streamOpenAI(res, ['Hel', 'lo']));
    const parts = await collect(
      openai,
      userRequest('hi', { model: 'gpt-test', temperature: 0.2, maxTokens: 50 }),
      context(`${server.url}/v1`, { apiKey: 'sk-abcdef123456' }),
    );
    expect(textOf(parts)).toBe('Hello');
    expect(parts[0]).toEqual({ type: 'start', provider: 'openai', model: 'gpt-test' });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8 } });
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-abcdef123456');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 50,
    });
  });

  it('reads a whole answer with stream false', async () => {
    server = await startServer((_req, res) =>
      sendJson(res, 200, { choices: [{ message: { role: 'assistant', content: 'whole' }, finish_reason: 'length' }], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }),
    );
    const parts = await collect(openai, userRequest('hi', { stream: false }), context(server.url));
    expect(textOf(parts)).toBe('whole');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', reason: 'length', usage: { totalTokens: 3 } });
    expect(JSON.parse(server.requests[0].body)).not.toHaveProperty('stream_options');
    expect(JSON.parse(server.requests[0].body).stream).toBe(false);
  });

  it('stops at [DONE] while the server holds the connection open', async () => {
    server = await startServer((_req, res) => streamOpenAI(res, ['done', ' here'], { end: false }));
    const parts = await collect(openai, userRequest('hi'), context(server.url));
    expect(textOf(parts)).toBe('done here');
    await server.requests[0].closed;
  });

  it('reuses the connection when the body ends a little after [DONE], instead of cutting it', async () => {
    const ports: number[] = [];
    const upstream = createServer((req, res) => {
      ports.push(req.socket.remotePort!);
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`${openAIChunk('again')}data: [DONE]\n\n`);
      // The end comes in a later read than [DONE], as it may from a busy server or a proxy.
      setTimeout(() => res.end(), 30);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
      expect(textOf(await collect(openai, userRequest('hi'), context(url)))).toBe('again');
      // The answer is whole at once; the connection is free again once the body has ended.
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(textOf(await collect(openai, userRequest('hi'), context(url)))).toBe('again');
      expect(ports).toHaveLength(2);
      expect(ports[1]).toBe(ports[0]);
    } finally {
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it('keeps reasoning apart from the answer', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ choices: [{ delta: { reasoning_content: 'think' } }] })}\n\n`);
      res.write(openAIChunk('answer'));
      res.end(`data: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
    });
    const parts = await collect(openai, userRequest('hi'), context(server.url));
    expect(parts.filter((p) => p.type === 'reasoning')).toEqual([{ type: 'reasoning', text: 'think' }]);
    expect(textOf(parts)).toBe('answer');
  });

  it('turns an error JSON into an HTTP error with the server message', async () => {
    server = await startServer((_req, res) => sendJson(res, 400, { error: { message: 'bad model', type: 'invalid_request_error', code: null } }));
    const error = await collect(openai, userRequest('hi'), context(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error.message).toBe('HTTP 400: bad model');
    expect(error.retryable).toBe(false);
  });

  it('reports 401 as rejected credentials', async () => {
    server = await startServer((_req, res) => sendJson(res, 401, { error: 'invalid api key' }));
    const error = await collect(openai, userRequest('hi'), context(server.url, { apiKey: 'sk-wrong-key-000' })).catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toContain('invalid api key');
  });

  it('reports an error inside the stream with the server message', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${openAIChunk('par')}data: {"error":{"message":"overloaded"}}\n\n`);
    });
    const error = await collect(openai, userRequest('hi'), context(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain('overloaded');
  });

  it('reports a stream that ends before finishing as a network failure', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(openAIChunk('half'));
    });
    const error = await collect(openai, userRequest('hi'), context(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
  });

  it('times out a stalled stream', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(openAIChunk('stall'));
    });
    const error = await collect(openai, userRequest('hi'), context(server.url, { timeoutMs: 300 })).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/silent/);
  });

  it('aborts the request when the consumer stops reading', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(openAIChunk('first'));
    });
    for await (const part of openai.stream(userRequest('hi'), context(server.url))) {
      if (part.type === 'text') break;
    }
    await server.requests[0].closed;
  });
});
