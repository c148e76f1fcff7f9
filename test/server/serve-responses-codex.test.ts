import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import type { ServerResponse } from 'node:http';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

/**
 * What Codex (`@openai/codex` 0.171.0) sends to `/v1/responses`, in the shapes of openai-node 7.60
 * `src/resources/responses/responses.ts`: a `namespace` tool grouping functions (`NamespaceTool`),
 * calls of those functions naming their `namespace` apart (`ResponseFunctionToolCall.namespace`),
 * `client_metadata` for its own tracing, `store:false`, `include` and `prompt_cache_key`.
 */
const NAMESPACE_TOOL = {
  type: 'namespace',
  name: 'crm',
  description: 'Customer records.',
  tools: [{ type: 'function', name: 'lookup', description: 'Find a customer', strict: false, parameters: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] } }],
};
const CODEX_FIELDS = { store: false, include: ['reasoning.encrypted_content'], prompt_cache_key: 'thread-1', client_metadata: { thread_id: 'thread-1' }, reasoning: { summary: 'auto' } };
const ARGUMENTS = '{"email":"ada@example.org"}';

/** An OpenAI-compatible upstream that calls the first tool it is given until a tool result comes back. */
function callingUpstream(req: RecordedRequest, res: ServerResponse) {
  const body = JSON.parse(req.body);
  const result = body.messages.find((m: { role: string }) => m.role === 'tool');
  const message = result || !body.tools
    ? { role: 'assistant', content: result ? `Found: ${result.content}` : 'hello' }
    : { role: 'assistant', content: null, tool_calls: [{ id: 'call_3', type: 'function', function: { name: body.tools[0].function.name, arguments: ARGUMENTS } }] };
  sendJson(res, 200, { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason: message.content ? 'stop' : 'tool_calls' }] });
}

async function serveCalling() {
  const upstream = await serve(callingUpstream);
  const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
  return { upstream, url };
}

async function post(url: string, body: unknown) {
  const res = await fetch(`${url}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('the Responses API as Codex speaks it', () => {
  it('takes a namespace tool, calls it back with namespace and name apart, and replays the call', async () => {
    const { upstream, url } = await serveCalling();
    const first = await post(url, { model: 'auto', input: 'who is ada@example.org?', tools: [NAMESPACE_TOOL], tool_choice: 'auto', ...CODEX_FIELDS });
    expect(first.status).toBe(200);
    expect(first.json.output).toEqual([expect.objectContaining({ type: 'function_call', call_id: 'call_3', namespace: 'crm', name: 'lookup', arguments: ARGUMENTS })]);
    const sent = JSON.parse(upstream.requests[0].body);
    expect(sent.tools).toEqual([{ type: 'function', function: { name: 'crm__lookup', description: 'Find a customer', parameters: NAMESPACE_TOOL.tools[0].parameters } }]);
    // Nothing of the client's tracing reaches the provider.
    expect(sent).not.toHaveProperty('client_metadata');

    const second = await post(url, {
      model: 'auto',
      tools: [NAMESPACE_TOOL],
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'who is ada@example.org?' }] },
        { type: 'function_call', call_id: 'call_3', namespace: 'crm', name: 'lookup', arguments: ARGUMENTS },
        { type: 'function_call_output', call_id: 'call_3', output: 'Ada Lovelace' },
      ],
      ...CODEX_FIELDS,
    });
    expect(second.json.output_text ?? second.json.output[0].content[0].text).toBe('Found: Ada Lovelace');
    const replayed = JSON.parse(upstream.requests[1].body).messages;
    expect(replayed[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_3', function: { name: 'crm__lookup', arguments: ARGUMENTS } }] });
    expect(replayed[2]).toEqual({ role: 'tool', tool_call_id: 'call_3', content: 'Ada Lovelace' });
  });

  it('reasoning.effort and text.verbosity go on as Chat Completions\' reasoning_effort and verbosity', async () => {
    const { upstream, url } = await serveCalling();
    const { status } = await post(url, { model: 'auto', input: 'hi', reasoning: { effort: 'low', summary: 'auto' }, text: { verbosity: 'low' } });
    expect(status).toBe(200);
    expect(JSON.parse(upstream.requests[0].body)).toMatchObject({ reasoning_effort: 'low', verbosity: 'low' });
  });

  it('refuses a hosted tool by name before any upstream request, saying to turn it off in the client', async () => {
    const { upstream, url } = await serveCalling();
    const { status, json } = await post(url, { model: 'auto', input: 'x', tools: [NAMESPACE_TOOL, { type: 'web_search', external_web_access: true }] });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ param: 'tools[1]', code: 'unsupported_parameter' });
    expect(json.error.message).toMatch(/`web_search` tools are not supported.*turn it off in the client/);
    expect(upstream.requests).toHaveLength(0);
  });
});
