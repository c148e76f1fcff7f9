import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatRequest, Message, Provider } from '../../src/ground/types.js';
import { ai365vip } from '../../src/providers/seed/ai365vip.js';
import { aichat } from '../../src/providers/seed/aichat.js';
import { aivvm } from '../../src/providers/seed/aivvm.js';
import { gravityengine } from '../../src/providers/seed/gravityengine.js';
import { collect, context, textOf } from '../helpers/collect.js';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { rawResponse, startRawTcpServer } from '../helpers/raw-tcp-server.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

// The header lists of ../shared/docs/wire-protocols.md ("Seed providers"), in order. Host is
// written first (its place is the HTTP client's business); Content-Length is filled in.
const AIVVM = [
  'user-agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36',
  'Accept-Encoding: gzip, deflate, br',
  'accept: text/event-stream',
  'Connection: keep-alive',
  'accept-language: en-US,en;q=0.9',
  'content-type: application/json',
  'Content-Length: #',
  'sec-ch-ua: "Chrome";v="117", "Not;A=Brand";v="8", "Chromium";v="117"',
  'sec-ch-ua-mobile: ?0',
  'sec-ch-ua-platform: "Windows"',
  'sec-fetch-dest: empty',
  'sec-fetch-mode: cors',
  'sec-fetch-site: same-origin',
  'sec-gpc: 1',
  'referrer: https://chat.aivvm.com/',
];
const AICHAT = [
  'user-agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/113.0.0.0 Safari/537.36',
  'Accept-Encoding: gzip, deflate, br',
  'accept: */*',
  'Connection: keep-alive',
  'authority: chat-gpt.org',
  'cache-control: no-cache',
  'content-type: application/json',
  'origin: https://chat-gpt.org',
  'pragma: no-cache',
  'referer: https://chat-gpt.org/chat',
  'sec-ch-ua-mobile: ?0',
  'sec-ch-ua-platform: "macOS"',
  'sec-fetch-dest: empty',
  'sec-fetch-mode: cors',
  'sec-fetch-site: same-origin',
  'Content-Length: #',
];
const AI365VIP = [
  'accept: */*',
  'accept-language: en-US,en;q=0.9',
  'content-type: application/json',
  'origin: https://chat.ai365vip.com',
  'referer: https://chat.ai365vip.com/en',
  'sec-ch-ua: "Chromium";v="127", "Not)A;Brand";v="99"',
  'sec-ch-ua-arch: "x86"',
  'sec-ch-ua-bitness: "64"',
  'sec-ch-ua-full-version: "127.0.6533.119"',
  'sec-ch-ua-full-version-list: "Chromium";v="127.0.6533.119", "Not)A;Brand";v="99.0.0.0"',
  'sec-ch-ua-mobile: ?0',
  'sec-ch-ua-model: ""',
  'sec-ch-ua-platform: "Linux"',
  'sec-ch-ua-platform-version: "4.19.276"',
  'sec-fetch-dest: empty',
  'sec-fetch-mode: cors',
  'sec-fetch-site: same-origin',
  'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
  'Accept-Encoding: gzip, deflate, br',
  'Content-Length: #',
];
const GRAVITYENGINE = [
  'User-Agent: python-requests/2.31.0',
  'Accept-Encoding: gzip, deflate, br',
  'Accept: */*',
  'Connection: keep-alive',
  'Content-Length: #',
  'Content-Type: application/json',
];

/** The exact request bytes: request line, Host, the listed headers, a blank line, the body. */
function expectedRequest(path: string, host: string, headers: readonly string[], body: string): string {
  const bytes = Buffer.from(body, 'utf8');
  const lines = headers.map((h) => h.replace(/^Content-Length: #$/, `Content-Length: ${bytes.length}`));
  return `POST ${path} HTTP/1.1\r\nHost: ${host}\r\n${lines.join('\r\n')}\r\n\r\n${bytes.toString('latin1')}`;
}

const DEFAULT_AIVVM_PROMPT = "You are ChatGPT, a large language model trained by OpenAI. Follow the user's instructions carefully. Respond using markdown.";
const user = (content: string): Message => ({ role: 'user', content });
const system: Message = { role: 'system', content: 'Be terse.' };
const twoTurns: Message[] = [user('Hi'), { role: 'assistant', content: 'Hello!' }, user('Weather in Zürich?')];

interface WireCase {
  name: string;
  request: ChatRequest;
  body: string;
}

async function capture(provider: Provider, request: ChatRequest, answer: Buffer) {
  const server = await startRawTcpServer(() => answer);
  const parts = await collect(provider, request, context(server.url));
  return { server, parts, host: new URL(server.url).host };
}

const textAnswer = rawResponse(200, { 'Content-Type': 'text/plain; charset=utf-8' }, 'ok');

function suite(provider: Provider, path: string, headers: readonly string[], cases: WireCase[], answer = textAnswer) {
  describe(`${provider.label} on the wire`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const { server, host } = await capture(provider, c.request, answer);
        expect(server.requests).toEqual([expectedRequest(path, host, headers, c.body)]);
      });
    }
  });
}

suite(aivvm, '/api/chat', AIVVM, [
  {
    name: 'one message, no options: the document\'s 274-byte body',
    request: { messages: [user('hello')], stream: true },
    body: `{"model": {"id": "gpt-3.5-turbo", "name": "GPT-3.5"}, "messages": [{"role": "user", "content": "hello"}], "key": "", "prompt": "${DEFAULT_AIVVM_PROMPT}", "temperature": 0.7}`,
  },
  {
    name: '-m gpt-4 -s -t 0.3: the system text is the prompt',
    request: { messages: [system, user('Hi')], model: 'gpt-4', temperature: 0.3, stream: true },
    body: '{"model": {"id": "gpt-4", "name": "GPT-4"}, "messages": [{"role": "user", "content": "Hi"}], "key": "", "prompt": "Be terse.", "temperature": 0.3}',
  },
  {
    name: 'two turns, no system prompt, non-ASCII escaped',
    request: { messages: twoTurns, stream: true },
    body: `{"model": {"id": "gpt-3.5-turbo", "name": "GPT-3.5"}, "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Weather in Z\\u00fcrich?"}], "key": "", "prompt": "${DEFAULT_AIVVM_PROMPT}", "temperature": 0.7}`,
  },
  {
    name: 'two turns with a system prompt',
    request: { messages: [system, ...twoTurns], stream: true },
    body: '{"model": {"id": "gpt-3.5-turbo", "name": "GPT-3.5"}, "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Weather in Z\\u00fcrich?"}], "key": "", "prompt": "Be terse.", "temperature": 0.7}',
  },
  {
    name: '--max-tokens adds only its own field',
    request: { messages: [user('hello')], maxTokens: 50, stream: true },
    body: `{"model": {"id": "gpt-3.5-turbo", "name": "GPT-3.5"}, "messages": [{"role": "user", "content": "hello"}], "key": "", "prompt": "${DEFAULT_AIVVM_PROMPT}", "temperature": 0.7, "max_tokens": 50}`,
  },
]);

const aichatAnswer = rawResponse(200, { 'Content-Type': 'application/json' }, '{"message": "ok"}');
suite(aichat, '/api/text', AICHAT, [
  {
    name: 'one message, no options: temperature 1, no model',
    request: { messages: [user('hello')], stream: true },
    body: '{"message": "user: hello\\nassistant:", "temperature": 1, "presence_penalty": 0, "top_p": 1, "frequency_penalty": 0}',
  },
  {
    name: '-s -t 0.3: the system line is part of the prompt',
    request: { messages: [system, user('Hi')], temperature: 0.3, model: 'gpt-3.5-turbo', stream: true },
    body: '{"message": "system: Be terse.\\nuser: Hi\\nassistant:", "temperature": 0.3, "presence_penalty": 0, "top_p": 1, "frequency_penalty": 0}',
  },
  {
    name: 'two turns',
    request: { messages: twoTurns, stream: true },
    body: '{"message": "user: Hi\\nassistant: Hello!\\nuser: Weather in Z\\u00fcrich?\\nassistant:", "temperature": 1, "presence_penalty": 0, "top_p": 1, "frequency_penalty": 0}',
  },
], aichatAnswer);

suite(ai365vip, '/api/chat', AI365VIP, [
  {
    name: 'one message, no options: the model as given, the fixed prompt, temperature 1',
    request: { messages: [user('hello')], stream: true },
    body: '{"model": {"id": "gpt-3.5-turbo", "name": "GPT-3.5", "maxLength": 3000, "tokenLimit": 2048}, "messages": [{"role": "user", "content": "hello"}], "key": "", "prompt": "You are a helpful assistant.", "temperature": 1}',
  },
  {
    name: '-m gpt-4o -s -t 0.3: the system message goes through format_prompt',
    request: { messages: [system, user('Hi')], model: 'gpt-4o', temperature: 0.3, stream: true },
    body: '{"model": {"id": "gpt-4o", "name": "GPT-3.5", "maxLength": 3000, "tokenLimit": 2048}, "messages": [{"role": "user", "content": "System: Be terse.\\nUser: Hi\\nAssistant:"}], "key": "", "prompt": "You are a helpful assistant.", "temperature": 0.3}',
  },
  {
    name: 'two turns with a system prompt',
    request: { messages: [system, ...twoTurns], stream: true },
    body: '{"model": {"id": "gpt-3.5-turbo", "name": "GPT-3.5", "maxLength": 3000, "tokenLimit": 2048}, "messages": [{"role": "user", "content": "System: Be terse.\\nUser: Hi\\nAssistant: Hello!\\nUser: Weather in Z\\u00fcrich?\\nAssistant:"}], "key": "", "prompt": "You are a helpful assistant.", "temperature": 1}',
  },
]);

const completion = rawResponse(200, { 'Content-Type': 'application/json' }, '{"choices": [{"message": {"content": "ok"}, "finish_reason": "stop"}]}');
suite(gravityengine, '/api/openai/v1/chat/completions', GRAVITYENGINE, [
  {
    name: 'one message, no options: requests\' own headers',
    request: { messages: [user('hello')], stream: true },
    body: '{"model": "gpt-3.5-turbo-16k", "temperature": 0.7, "presence_penalty": 0, "messages": [{"role": "user", "content": "hello"}]}',
  },
  {
    name: '-m -s -t: the system message stays in messages',
    request: { messages: [system, user('Hi')], model: 'gpt-3.5-turbo-0613', temperature: 0.3, stream: true },
    body: '{"model": "gpt-3.5-turbo-0613", "temperature": 0.3, "presence_penalty": 0, "messages": [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "Hi"}]}',
  },
  {
    name: 'two turns',
    request: { messages: twoTurns, stream: true },
    body: '{"model": "gpt-3.5-turbo-16k", "temperature": 0.7, "presence_penalty": 0, "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Weather in Z\\u00fcrich?"}]}',
  },
], completion);

describe('compressed answers, since the seed providers advertise them', () => {
  const text = 'é, 世界, 🌍 — whole';
  const encodings: Array<[string, (b: Buffer) => Buffer]> = [
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
    ['deflate', deflateSync],
  ];
  for (const [name, encode] of encodings) {
    for (const provider of [aivvm, ai365vip]) {
      it(`${provider.label}: a unicode answer comes back whole through ${name}`, async () => {
        const answer = rawResponse(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Encoding': name }, encode(Buffer.from(text)));
        const { parts } = await capture(provider, { messages: [user('hi')], stream: true }, answer);
        expect(textOf(parts)).toBe(text);
      });
    }
  }

  it('Aichat and Gravityengine read compressed JSON', async () => {
    const json = gzipSync(Buffer.from(JSON.stringify({ message: text })));
    const a = await capture(aichat, { messages: [user('hi')], stream: true }, rawResponse(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, json));
    expect(textOf(a.parts)).toBe(text);
    const completionJson = brotliCompressSync(Buffer.from(JSON.stringify({ choices: [{ message: { content: text } }] })));
    const g = await capture(gravityengine, { messages: [user('hi')], stream: true }, rawResponse(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'br' }, completionJson));
    expect(textOf(g.parts)).toBe(text);
  });
});

describe('the seed providers from the command line', () => {
  it('-m -s -t reach the wire as the document says, and an unknown AI365VIP model is sent with a warning', async () => {
    const server = await startRawTcpServer(() => textAnswer);
    const result = await runCli(['ask', '-p', 'ai365vip', '--base-url', server.url, '-m', 'gpt-5', '-s', 'Be terse.', '-t', '0.3', 'Hi']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ok\n');
    expect(result.stderr).toMatch(/ai365vip does not list the model "gpt-5"; sending it anyway/);
    const body = server.requests[0].split('\r\n\r\n')[1];
    expect(body).toBe('{"model": {"id": "gpt-5", "name": "GPT-3.5", "maxLength": 3000, "tokenLimit": 2048}, "messages": [{"role": "user", "content": "System: Be terse.\\nUser: Hi\\nAssistant:"}], "key": "", "prompt": "You are a helpful assistant.", "temperature": 0.3}');
  });

  it('a 2xx text answer that mentions Cloudflare or starts with < is the answer', async () => {
    const words = '<b>Just a moment</b>: I used Cloudflare docs for this';
    const server = await startRawTcpServer(() => rawResponse(200, { 'Content-Type': 'text/plain' }, words));
    const result = await runCli(['ask', '-p', 'aivvm', '--base-url', server.url, 'hi']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${words}\n`);
  });

  it('an HTML page is blocked, whether 2xx with text/html or a failing status with an HTML body', async () => {
    const page = '<!DOCTYPE html><html><title>Just a moment...</title></html>';
    for (const answer of [rawResponse(200, { 'Content-Type': 'text/html' }, page), rawResponse(503, { 'Content-Type': 'text/plain' }, page)]) {
      const server = await startRawTcpServer(() => answer);
      const result = await runCli(['ask', '-p', 'aivvm', '--base-url', server.url, '--retries', '0', 'hi']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/blocked by (Cloudflare|an HTML page)/);
    }
  });

  it('the params strings are the originals\'', async () => {
    expect((await runCli(['providers', 'aichat'])).stdout).toContain('g4f.Providers.Aichat supports: (model: str, messages: list, stream: bool)');
    expect((await runCli(['providers', 'gravityengine'])).stdout).toContain('g4f.Providers.Gravityengine supports: (model: str, messages: list, stream: bool, temperature: float)');
  });
});
