import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStartedServers, openAIChunk, openAIFinish, serve } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { groqAt } from '../helpers/tool-provider.js';

const PIECES = ['one ', 'two ', 'three ', 'four ', 'five ', 'six'];
let url = '';

beforeAll(async () => {
  // An upstream that sends one delta every 50 ms.
  const upstream = await serve(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const piece of PIECES) {
      res.write(openAIChunk(piece));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    res.end(`${openAIFinish()}data: [DONE]\n\n`);
  });
  ({ url } = await startServe(['-p', 'groq'], groqAt(upstream.url)));
});
afterAll(async () => {
  stopServes();
  await closeStartedServers();
});

/**
 * How many separate arrivals the text came in: deltas read in one go arrive within a millisecond
 * of each other, so one arrival is a run of deltas with no gap of 5 ms between them. Six paced
 * deltas lumped together are one arrival; on a loaded machine two may still meet now and then,
 * so four or more separate arrivals is the test.
 */
async function arrivals(deltas: AsyncIterable<string>): Promise<{ text: string; arrivals: number }> {
  let text = '';
  let last = -Infinity;
  let count = 0;
  for await (const delta of deltas) {
    if (!delta) continue;
    const now = performance.now();
    if (now - last > 5) count += 1;
    last = now;
    text += delta;
  }
  return { text, arrivals: count };
}

const root = () => url.replace(/\/v1$/, '');

describe('a paced upstream reaches every API as paced deltas, not one lump', () => {
  const expectPaced = (seen: { text: string; arrivals: number }) => {
    expect(seen.text).toBe(PIECES.join(''));
    expect(seen.arrivals).toBeGreaterThanOrEqual(4);
  };

  it('chat completions and responses (openai SDK)', async () => {
    const client = new OpenAI({ baseURL: url, apiKey: 'unused', maxRetries: 0 });
    expectPaced(await arrivals((async function* () {
      for await (const chunk of await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'count' }], stream: true })) yield chunk.choices[0]?.delta?.content ?? '';
    })()));
    expectPaced(await arrivals((async function* () {
      for await (const event of await client.responses.create({ model: 'auto', input: 'count', stream: true })) if (event.type === 'response.output_text.delta') yield event.delta;
    })()));
  });

  it('messages (@anthropic-ai/sdk)', async () => {
    const client = new Anthropic({ baseURL: root(), apiKey: 'unused', maxRetries: 0 });
    expectPaced(await arrivals((async function* () {
      for await (const event of await client.messages.create({ model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: 'count' }], stream: true })) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') yield event.delta.text;
    })()));
  });

  it('Gemini (@google/genai) and Ollama (ollama library)', async () => {
    const gemini = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: root(), retryOptions: { attempts: 1 } } });
    expectPaced(await arrivals((async function* () {
      for await (const chunk of await gemini.models.generateContentStream({ model: 'auto', contents: 'count' })) yield chunk.text ?? '';
    })()));
    const ollama = new Ollama({ host: root() });
    expectPaced(await arrivals((async function* () {
      for await (const part of await ollama.chat({ model: 'auto', messages: [{ role: 'user', content: 'count' }], stream: true })) yield part.message.content;
    })()));
  });
});
