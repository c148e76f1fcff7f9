import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { GROQ_REASONING } from '../fixtures/recorded-shapes.js';
import { closeStartedServers, serve } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

/** serve fronting a provider that streams reasoning, then text: the shape of vercel/ai's recorded packages/groq/src/__fixtures__/groq-reasoning.chunks.txt. */
async function serveReasoning() {
  const upstream = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(`${GROQ_REASONING.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`);
  });
  const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
  return { url, upstream };
}

describe('reasoning through serve, in each API\'s own shape', () => {
  it('the Responses API: a reasoning item before the message, streamed and whole, and taken back in a replay (openai SDK)', async () => {
    const { url, upstream } = await serveReasoning();
    const client = new OpenAI({ baseURL: url, apiKey: 'unused', maxRetries: 0 });
    const events: Array<{ type: string; output_index?: number }> = [];
    const stream = await client.responses.create({ model: 'auto', input: 'solve', stream: true });
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      events.push({ type: event.type, output_index: 'output_index' in event ? event.output_index : undefined });
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(events.filter((e) => e.type === 'response.reasoning_text.delta')).toEqual([{ type: 'response.reasoning_text.delta', output_index: 0 }]);
    expect(events.filter((e) => e.type === 'response.output_text.delta')).toEqual([{ type: 'response.output_text.delta', output_index: 1 }]);
    expect(completed!.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(completed!.output[0]).toMatchObject({ type: 'reasoning', content: [{ type: 'reasoning_text', text: 'Okay, let me think' }] });
    expect(completed!.output[1]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: '$x = 2$' }] });

    const whole = await client.responses.create({ model: 'auto', input: 'solve' });
    expect(whole.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(whole.output_text).toBe('$x = 2$');

    // Handed back in the next request (as Codex does), the reasoning item is accepted and not sent on.
    const next = await client.responses.create({ model: 'auto', input: [{ role: 'user', content: 'solve' }, ...(whole.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'again' }] });
    expect(next.output_text).toBe('$x = 2$');
    const sent = JSON.parse(upstream.requests.at(-1)!.body).messages;
    expect(sent.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);

    // Asked for a summary (`reasoning.summary`, as Codex asks), the reasoning is the item's summary.
    const summarised: string[] = [];
    let item: OpenAI.Responses.ResponseOutputItem | undefined;
    for await (const event of await client.responses.create({ model: 'auto', input: 'solve', stream: true, reasoning: { summary: 'auto' } })) {
      summarised.push(event.type);
      if (event.type === 'response.output_item.done' && event.item.type === 'reasoning') item = event.item;
    }
    expect(summarised).toEqual(expect.arrayContaining(['response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done']));
    expect(summarised).not.toContain('response.reasoning_text.delta');
    expect(item).toMatchObject({ summary: [{ type: 'summary_text', text: 'Okay, let me think' }], content: [] });
  });

  it('the Messages API: a thinking block before the text when thinking is enabled, none otherwise; top_k goes on as given (@anthropic-ai/sdk)', async () => {
    const { url, upstream } = await serveReasoning();
    const client = new Anthropic({ baseURL: url.replace(/\/v1$/, ''), apiKey: 'unused', maxRetries: 0 });
    const ask = { model: 'auto', max_tokens: 2048, messages: [{ role: 'user' as const, content: 'solve' }] };
    const streamed = await client.messages.stream({ ...ask, thinking: { type: 'enabled', budget_tokens: 1024 } }).finalMessage();
    expect(streamed.content).toEqual([{ type: 'thinking', thinking: 'Okay, let me think', signature: '' }, { type: 'text', text: '$x = 2$' }]);
    const whole = await client.messages.create({ ...ask, thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(whole.content).toEqual([{ type: 'thinking', thinking: 'Okay, let me think', signature: '' }, { type: 'text', text: '$x = 2$' }]);
    // top_k is gone from the SDK's types but not from the API's older clients.
    const plain = await client.messages.create({ ...ask, top_k: 5 } as Anthropic.MessageCreateParamsNonStreaming);
    expect(plain.content).toEqual([{ type: 'text', text: '$x = 2$' }]);
    expect(JSON.parse(upstream.requests.at(-1)!.body)).toMatchObject({ top_k: 5 });
  });
});
