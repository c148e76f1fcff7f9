import { afterEach, describe, expect, it } from 'vitest';
import { BlockedError, HttpStatusError, ServerError, UsageError } from '../../src/core/errors.js';
import { resolveModel } from '../../src/core/resolve-model.js';
import { ai365vip } from '../../src/providers/ai365vip.js';
import { aichat } from '../../src/providers/aichat.js';
import { aivvm } from '../../src/providers/aivvm.js';
import { gravityengine } from '../../src/providers/gravityengine.js';
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
  it('sends the exact request and streams raw text byte for byte', async () => {
    server = await startServer((_req, res) => streamSplitText(res, 'It costs 5 € — ok'));
    const model = resolveModel(aivvm, 'gpt-4');
    const parts = await collect(aivvm, { messages: conversation, model, temperature: 0.3, stream: true }, context(`${server.url}/prefix`));
    expect(textOf(parts)).toBe('It costs 5 € — ok');
    const req = server.requests[0];
    expect(req.url).toBe('/prefix/api/chat');
    const body = JSON.stringify({
      model: { id: 'gpt-4', name: 'GPT-4' },
      messages: conversation.slice(1),
      key: '',
      prompt: 'Be terse.',
      temperature: 0.3,
    });
    expect(req.body).toBe(body);
    expect(sentHeaders(req.rawHeaders)).toEqual([
      ['accept', 'text/event-stream'],
      ['accept-language', 'en-US,en;q=0.9'],
      ['content-type', 'application/json'],
      ['sec-ch-ua', '"Chrome";v="117", "Not;A=Brand";v="8", "Chromium";v="117"'],
      ['sec-ch-ua-mobile', '?0'],
      ['sec-ch-ua-platform', '"Windows"'],
      ['sec-fetch-dest', 'empty'],
      ['sec-fetch-mode', 'cors'],
      ['sec-fetch-site', 'same-origin'],
      ['sec-gpc', '1'],
      ['referrer', 'https://chat.aivvm.com/'],
      ['user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36'],
      ['content-length', String(Buffer.byteLength(body))],
    ]);
  });

  it('defaults to gpt-3.5-turbo, the default prompt and temperature 0.7', async () => {
    server = await startServer((_req, res) => streamSplitText(res, '€'));
    await collect(aivvm, { messages: [{ role: 'user', content: 'x' }], model: resolveModel(aivvm, undefined), stream: true }, context(server.url));
    expect(JSON.parse(server.requests[0].body)).toEqual({
      model: { id: 'gpt-3.5-turbo', name: 'GPT-3.5' },
      messages: [{ role: 'user', content: 'x' }],
      key: '',
      prompt: "You are ChatGPT, a large language model trained by OpenAI. Follow the user's instructions carefully. Respond using markdown.",
      temperature: 0.7,
    });
  });

  it('refuses a model outside its table, naming the valid ones', () => {
    expect(() => resolveModel(aivvm, 'gpt-5')).toThrow(UsageError);
    expect(() => resolveModel(aivvm, 'gpt-5')).toThrow(/gpt-3\.5-turbo-16k-0613.*gpt-4-32k/);
  });

  it('reports a Cloudflare page as blocked, not as the answer', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('Access denied | chat.aivvm.com used Cloudflare to restrict access');
    });
    const error = await collect(aivvm, { messages: conversation, model: 'gpt-4', stream: true }, context(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(BlockedError);
    expect(error.message).toMatch(/Cloudflare/);
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
  it('formats the prompt, sends no model, and reads one JSON answer', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { response: true, message: 'Sunny, 20 °C ☀' }));
    const parts = await collect(aichat, { messages: conversation, model: 'ignored', stream: true }, context(server.url));
    expect(textOf(parts)).toBe('Sunny, 20 °C ☀');
    const req = server.requests[0];
    expect(req.url).toBe('/api/text');
    expect(req.body).toBe(
      JSON.stringify({
        message: 'system: Be terse.\nuser: Hi\nassistant: Hello!\nuser: Weather?\nassistant:',
        temperature: 0.5,
        presence_penalty: 0,
        top_p: 1,
        frequency_penalty: 0,
      }),
    );
    expect(sentHeaders(req.rawHeaders).filter(([n]) => n !== 'content-length')).toEqual([
      ['authority', 'chat-gpt.org'],
      ['accept', '*/*'],
      ['cache-control', 'no-cache'],
      ['content-type', 'application/json'],
      ['origin', 'https://chat-gpt.org'],
      ['pragma', 'no-cache'],
      ['referer', 'https://chat-gpt.org/chat'],
      ['sec-ch-ua-mobile', '?0'],
      ['sec-ch-ua-platform', '"macOS"'],
      ['sec-fetch-dest', 'empty'],
      ['sec-fetch-mode', 'cors'],
      ['sec-fetch-site', 'same-origin'],
      ['user-agent', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/113.0.0.0 Safari/537.36'],
    ]);
  });

  it('maps --temperature onto its temperature field', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { response: 'yes', message: 'ok' }));
    await collect(aichat, { messages: conversation.slice(1, 2), temperature: 1.5, stream: true }, context(server.url));
    expect(JSON.parse(server.requests[0].body).temperature).toBe(1.5);
  });

  it('reports a falsy response with what the server said', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { response: false, message: 'quota exceeded' }));
    const error = await collect(aichat, { messages: conversation, stream: true }, context(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/quota exceeded/);
  });

  it('reports a missing message as an error', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { response: true }));
    const error = await collect(aichat, { messages: conversation, stream: true }, context(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
  });
});

describe('AI365VIP', () => {
  it('resolves its alias, formats the prompt and streams raw text', async () => {
    server = await startServer((_req, res) => streamSplitText(res, 'Price: 3 € each'));
    const model = resolveModel(ai365vip, 'gpt-3.5-turbo');
    expect(model).toBe('gpt-3.5-turbo-16k');
    const parts = await collect(ai365vip, { messages: conversation, model, temperature: 0.4, stream: true }, context(server.url));
    expect(textOf(parts)).toBe('Price: 3 € each');
    const req = server.requests[0];
    expect(req.url).toBe('/api/chat');
    expect(req.body).toBe(
      JSON.stringify({
        model: { id: 'gpt-3.5-turbo-16k', name: 'GPT-3.5', maxLength: 3000, tokenLimit: 2048 },
        messages: [{ role: 'user', content: 'User: Hi\nAssistant: Hello!\nUser: Weather?\nAssistant:' }],
        key: '',
        prompt: 'Be terse.',
        temperature: 0.4,
      }),
    );
    expect(sentHeaders(req.rawHeaders).filter(([n]) => n !== 'content-length')).toEqual([
      ['accept', '*/*'],
      ['accept-language', 'en-US,en;q=0.9'],
      ['content-type', 'application/json'],
      ['origin', 'https://chat.ai365vip.com'],
      ['referer', 'https://chat.ai365vip.com/en'],
      ['sec-ch-ua', '"Chromium";v="127", "Not)A;Brand";v="99"'],
      ['sec-ch-ua-arch', '"x86"'],
      ['sec-ch-ua-bitness', '"64"'],
      ['sec-ch-ua-full-version', '"127.0.6533.119"'],
      ['sec-ch-ua-full-version-list', '"Chromium";v="127.0.6533.119", "Not)A;Brand";v="99.0.0.0"'],
      ['sec-ch-ua-mobile', '?0'],
      ['sec-ch-ua-model', '""'],
      ['sec-ch-ua-platform', '"Linux"'],
      ['sec-ch-ua-platform-version', '"4.19.276"'],
      ['sec-fetch-dest', 'empty'],
      ['sec-fetch-mode', 'cors'],
      ['sec-fetch-site', 'same-origin'],
      ['user-agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36'],
    ]);
  });

  it('sends a single message as its content alone, with the default prompt and temperature 1', async () => {
    server = await startServer((_req, res) => streamSplitText(res, '€'));
    await collect(ai365vip, { messages: [{ role: 'user', content: 'solo' }], model: resolveModel(ai365vip, undefined), stream: true }, context(server.url));
    expect(JSON.parse(server.requests[0].body)).toMatchObject({
      model: { id: 'gpt-3.5-turbo-16k' },
      messages: [{ role: 'user', content: 'solo' }],
      prompt: 'You are a helpful assistant.',
      temperature: 1,
    });
  });

  it('refuses an unknown model before any request', () => {
    expect(() => resolveModel(ai365vip, 'claude')).toThrow(UsageError);
  });
});

describe('Gravityengine', () => {
  it('sends the exact body and reads an OpenAI completion JSON', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { choices: [{ message: { content: 'gravity says €' }, finish_reason: 'stop' }] }));
    const parts = await collect(gravityengine, { messages: conversation, model: 'gpt-3.5-turbo-0613', stream: true }, context(server.url));
    expect(textOf(parts)).toBe('gravity says €');
    const req = server.requests[0];
    expect(req.url).toBe('/api/openai/v1/chat/completions');
    expect(req.body).toBe(JSON.stringify({ model: 'gpt-3.5-turbo-0613', temperature: 0.7, presence_penalty: 0, messages: conversation }));
    expect(sentHeaders(req.rawHeaders).filter(([n]) => n !== 'content-length')).toEqual([['content-type', 'application/json']]);
  });

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
