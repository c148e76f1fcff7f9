import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

/**
 * What Claude Code (`@anthropic-ai/claude-code` 2.1.197) sends to `/v1/messages?beta=true`, in the
 * shapes of anthropic-sdk-typescript's `MessageCreateParams`: a `system` message among the others
 * (`SystemMessageParam`), `thinking: {type:"adaptive"}`, `context_management` clearing old
 * thinking, `output_config.effort`, `metadata`, `cache_control` on blocks.
 */
const CLAUDE_CODE_FIELDS = {
  system: [{ type: 'text', text: 'You are an agent.', cache_control: { type: 'ephemeral' } }],
  metadata: { user_id: '{"session_id":"s-1"}' },
  thinking: { type: 'adaptive' },
  context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
  output_config: { effort: 'high' },
};

async function serveRecording() {
  const upstream = await serve((_req, res) => sendJson(res, 200, { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: '{"ok":true}' }, finish_reason: 'stop' }] }));
  const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(`${url}/messages?beta=true`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model: 'auto', max_tokens: 1000, ...body }) });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  return { upstream, post };
}

describe('the Messages API as Claude Code speaks it', () => {
  it('takes a system message among the others, an effort it does not send on, and clear_thinking edits', async () => {
    const { upstream, post } = await serveRecording();
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] },
      { role: 'system', content: 'Available agent types: claude.' },
    ];
    const { status, json } = await post({ ...CLAUDE_CODE_FIELDS, messages });
    expect(status).toBe(200);
    expect(json.content).toEqual([{ type: 'text', text: '{"ok":true}' }]);
    const sent = JSON.parse(upstream.requests[0].body);
    expect(sent.messages).toEqual([
      { role: 'system', content: 'You are an agent.' },
      { role: 'user', content: 'hi' },
      { role: 'system', content: 'Available agent types: claude.' },
    ]);
    // Which models take an effort differs by model (Groq's Llama refuses reasoning_effort): not sent on.
    for (const field of ['context_management', 'output_config', 'metadata', 'thinking', 'reasoning_effort']) expect(sent).not.toHaveProperty(field);
  });

  it('output_config.format is structured output', async () => {
    const { upstream, post } = await serveRecording();
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
    expect((await post({ messages: [{ role: 'user', content: 'ok?' }], output_config: { format: { type: 'json_schema', schema } } })).status).toBe(200);
    expect(JSON.parse(upstream.requests[0].body).response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema } });
  });

  it('refuses what it cannot honour with 400 naming it, in Anthropic\'s error shape, before any upstream request', async () => {
    const { upstream, post } = await serveRecording();
    const edits = await post({ messages: [{ role: 'user', content: 'hi' }], context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] } });
    expect(edits.status).toBe(400);
    expect(edits.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/^context_management\.edits\.0: clear_tool_uses_20250919 is not supported/) } });
    const unknown = await post({ messages: [{ role: 'user', content: 'hi' }], container: undefined, mystery_field: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/^mystery_field: not supported by this server/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('a server token is taken as Anthropic clients send it (x-api-key); a wrong one is a 401 in Anthropic\'s shape', async () => {
    const upstream = await serve((_req, res) => sendJson(res, 200, { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }] }));
    const { url } = await startServe(['-p', 'groq', '--api-key', 'server-token-123456'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
    const client = (apiKey: string) => new Anthropic({ baseURL: url.replace(/\/v1$/, ''), apiKey, maxRetries: 0 });
    const ask = { model: 'auto', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };
    expect((await client('server-token-123456').messages.create(ask)).content).toEqual([{ type: 'text', text: 'hello' }]);
    const refused = await client('wrong-token').messages.create(ask).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((refused as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(upstream.requests).toHaveLength(1);
  });
});
