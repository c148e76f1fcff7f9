import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { groqAt } from '../helpers/tool-provider.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

describe('Anthropic-style thinking through serve to an OpenAI-compatible upstream', () => {
  it('a thinking budget reaches the upstream as reasoning_effort (low, medium, high); adaptive thinking sends none', async () => {
    const upstream = await serve((_req, res) => streamOpenAI(res, ['ok']));
    const { url } = await startServe(['-p', 'groq'], groqAt(upstream.url));
    const client = new Anthropic({ baseURL: url.replace(/\/v1$/, ''), apiKey: 'unused', maxRetries: 0 });
    const ask = (thinking: Anthropic.ThinkingConfigParam) => client.messages.create({ model: 'auto', max_tokens: 20_000, messages: [{ role: 'user', content: 'think' }], thinking });
    for (const budget of [1024, 8000, 16_384]) await ask({ type: 'enabled', budget_tokens: budget });
    await ask({ type: 'adaptive' } as Anthropic.ThinkingConfigParam);
    expect(upstream.requests.map((r) => JSON.parse(r.body).reasoning_effort)).toEqual(['low', 'medium', 'high', undefined]);
  });
});
