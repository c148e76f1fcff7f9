import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEEPSEEK_REASONING, GROQ_REASONING, INLINE_THINK, OPENAI_REFUSAL, OPENAI_TEXT, sse } from '../fixtures/recorded-shapes.js';
import { closeStartedServers, serve } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { groqAt } from '../helpers/tool-provider.js';

/**
 * What a client of `serve` receives does not depend on how the upstream's events were read: each
 * recorded stream is sent once as recorded (its events read by shape, without JSON.parse) and once
 * with every event given its own leading spaces (the same JSON, read event by event the general
 * way). The client's events must be the same, id and time aside.
 */
const ESCAPED = ['line\\nbreak', 'quote \\" in', 'back\\\\slash', 'nul \\u0000', '\\ud83d\\ude00', 'lone \\ud83d', '\\ude00 low', '</think> in', '', 'raw 😀 é'].map(
  (body) => `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"${body}"},"finish_reason":null}],"obfuscation":"${'q'.repeat(body.length % 5)}"}`,
);
const STREAMS: Record<string, string[]> = { OPENAI_TEXT, OPENAI_REFUSAL, DEEPSEEK_REASONING, GROQ_REASONING, INLINE_THINK, ESCAPED };

let asRecorded = '';
let oneByOne = '';

beforeAll(async () => {
  const upstream = (padded: boolean) =>
    serve((req, res) => {
      const name = (JSON.parse(req.body) as { messages: Array<{ content: string }> }).messages[0]!.content;
      const events = STREAMS[name]!.map((data, i) => (padded ? `${' '.repeat(i + 1)}${data}` : data));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse(events, { done: true }));
    });
  const [recorded, padded] = await Promise.all([upstream(false), upstream(true)]);
  [asRecorded, oneByOne] = (await Promise.all([startServe(['-p', 'groq'], groqAt(recorded.url)), startServe(['-p', 'groq'], groqAt(padded.url))])).map((s) => s.url);
});
afterAll(async () => {
  stopServes();
  await closeStartedServers();
});

/** The client's events, without what differs between any two answers (id, time). */
async function events(url: string, name: string): Promise<unknown[]> {
  const response = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'auto', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: name }] }),
  });
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice(6))
    .map((data) => (data === '[DONE]' ? data : { ...(JSON.parse(data) as object), id: undefined, created: undefined }));
}

describe('serve relays the same events however the upstream was read', () => {
  for (const name of Object.keys(STREAMS)) {
    it(name, async () => {
      const [fast, general] = await Promise.all([events(asRecorded, name), events(oneByOne, name)]);
      expect(fast).toEqual(general);
      expect(fast.at(-1)).toBe('[DONE]');
      expect(fast.length).toBeGreaterThan(3);
    });
  }
});
