import { afterEach, describe, expect, it } from 'vitest';
import { BlockedError, HttpStatusError, ServerError, UsageError } from '../../src/ground/errors.js';
import { resolveModel } from '../../src/core/routing/resolve-model.js';
import { ai365vip } from '../../src/providers/seed/ai365vip.js';
import { aichat } from '../../src/providers/seed/aichat.js';
import { aivvm } from '../../src/providers/seed/aivvm.js';
import { gravityengine } from '../../src/providers/seed/gravityengine.js';
import { collect, context, textOf } from '../helpers/collect.js';
import { sendJson, startServer, type LoopbackServer } from '../helpers/loopback-server.js';
import type { ServerResponse } from 'node:http';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const conversation = [
  { role: 'system' as const, content: 'Be terse.' },
  { role: 'user' as const, content: 'Hi' },
  { role: 'assistant' as const, content: 'Hello!' },
  { role: 'user' as const, content: 'Weather?' },
];

/** Streams text with a multi-byte character split across two network chunks. */
function streamSplitText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  const bytes = Buffer.from(text);
  const cut = bytes.indexOf(Buffer.from('€')) + 1;
  res.write(bytes.subarray(0, cut));
  setTimeout(() => res.end(bytes.subarray(cut)), 20);
}

/** Headers in the order and spelling they arrived, without those the HTTP client adds itself. */
function sentHeaders(rawHeaders: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < rawHeaders.length; i += 2) pairs.push([rawHeaders[i], rawHeaders[i + 1]]);
  return pairs.filter(([name]) => !['host', 'connection'].includes(name.toLowerCase()));
}

describe('Aivvm', () => {
  it('refuses a model outside its table, naming the valid ones', () => {
    expect(() => resolveModel(aivvm, 'gpt-5')).toThrow(UsageError);
    expect(() => resolveModel(aivvm, 'gpt-5')).toThrow(/gpt-3\.5-turbo-16k-0613.*gpt-4-32k/);
  });

  it('reports a non-2xx answer as an error', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(502);
      res.end('bad gateway');
    });
    const error = await collect(aivvm, { messages: conversation, model: 'gpt-4', stream: true }, context(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error.status).toBe(502);
  });
});

describe('Aichat', () => {
  it('maps --temperature onto its temperature field', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { response: 'yes', message: 'ok' }));
    await collect(aichat, { messages: conversation.slice(1, 2), temperature: 1.5, stream: true }, context(server.url));
    expect(JSON.parse(server.requests[0].body).temperature).toBe(1.5);
  });

  it('reports a missing message as an error', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { response: true }));
    const error = await collect(aichat, { messages: conversation, stream: true }, context(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
  });
});


describe('Gravityengine', () => {
  it('reads OpenAI SSE when the server streams, with a character split across chunks', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const event = Buffer.from(`data: ${JSON.stringify({ choices: [{ delta: { content: 'a €' } }] })}\n\n`);
      const cut = event.indexOf(Buffer.from('€')) + 2;
      res.write(event.subarray(0, cut));
      setTimeout(() => res.end(Buffer.concat([event.subarray(cut), Buffer.from(`data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`)])), 20);
    });
    const parts = await collect(gravityengine, { messages: conversation, model: 'gpt-3.5-turbo-16k', temperature: 0.1, stream: true }, context(server.url));
    expect(textOf(parts)).toBe('a €');
    expect(JSON.parse(server.requests[0].body).temperature).toBe(0.1);
  });
});
