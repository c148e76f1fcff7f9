import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { mcpFilesHome } from '../helpers/mcp-files-home.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

type ChatMessage = { role: string; content?: string | null; reasoning_content?: string; tool_calls?: unknown[] };

/**
 * A stand-in for DeepSeek in thinking mode, enforcing its rule as api-docs.deepseek.com
 * `guides/thinking_mode` states it: thinking is on by default, answers carry `reasoning_content`,
 * and an assistant turn that called tools must carry its `reasoning_content` back in every later
 * request, or the request is a 400. It reads notes.txt through files__read, then answers.
 */
function deepseekThinking() {
  return serve((req: RecordedRequest, res: ServerResponse) => {
    const body = JSON.parse(req.body) as { messages: ChatMessage[]; stream?: boolean };
    const missing = body.messages.findIndex((m) => m.role === 'assistant' && m.tool_calls?.length && !m.reasoning_content);
    if (missing !== -1) return sendJson(res, 400, { error: { message: `Missing \`reasoning_content\` field in the assistant message at message index ${missing}.`, type: 'invalid_request_error', code: 'invalid_request_error' } });
    const result = body.messages.at(-1)?.role === 'tool' ? body.messages.at(-1)!.content : undefined;
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => `data: ${JSON.stringify({ id: 'd', object: 'chat.completion.chunk', created: 1, model: 'deepseek-v4-flash', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (result === undefined && body.messages.at(-1)?.role === 'user' && !String(body.messages.at(-1)!.content).startsWith('and')) {
      return res.end(`${chunk({ reasoning_content: 'I should read the file.' })}${chunk({ tool_calls: [{ index: 0, id: 'call_00_x', type: 'function', function: { name: 'files__read', arguments: '{"path":"notes.txt"}' } }] })}${chunk({}, 'tool_calls')}data: [DONE]\n\n`);
    }
    res.end(`${chunk({ reasoning_content: 'Now answer.' })}${chunk({ content: result ? `notes.txt says: ${result.trim()}` : 'still milk' })}${chunk({}, 'stop')}data: [DONE]\n\n`);
  });
}

const deepseekAt = (url: string) => ({ DEEPSEEK_API_KEY: 'ds-test-1234567890', G4F_CHAT_DEEPSEEK_BASE_URL: url });

describe('reasoning before tool calls goes back where the API needs it', () => {
  it('ask -T on DeepSeek in thinking mode: the call turn carries its reasoning_content back, in the loop and after -c', async () => {
    const { home } = await mcpFilesHome();
    const llm = await deepseekThinking();
    const first = await runCli(['ask', '-p', 'deepseek', '-T', 'files', '--approve', 'all', 'what is in notes.txt?'], { home, env: deepseekAt(llm.url) });
    expect(first.stderr).not.toMatch(/reasoning_content/);
    expect(first.stdout).toBe('notes.txt says: buy milk\n');
    const replay = JSON.parse(llm.requests[1].body).messages as ChatMessage[];
    expect(replay.find((m) => m.tool_calls)).toMatchObject({ role: 'assistant', content: null, reasoning_content: 'I should read the file.' });
    // The next user turn of the same conversation still carries it (DeepSeek: "in all subsequent requests").
    const next = await runCli(['ask', '-c', '-p', 'deepseek', '-T', 'files', 'and now?'], { home, env: deepseekAt(llm.url) });
    expect(next.stdout, next.stderr).toBe('still milk\n');
    expect((JSON.parse(llm.requests[2].body).messages as ChatMessage[]).find((m) => m.tool_calls)?.reasoning_content).toBe('I should read the file.');
  });

  it('serve: the reasoning a client hands back with a call turn reaches DeepSeek, from all three APIs', async () => {
    const llm = await serve((_req, res) => sendJson(res, 200, { id: 'd', object: 'chat.completion', created: 1, model: 'deepseek-v4-flash', choices: [{ index: 0, message: { role: 'assistant', content: 'done' }, finish_reason: 'stop' }] }));
    const { url } = await startServe(['-p', 'deepseek'], deepseekAt(llm.url));
    const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);
    const tool = { type: 'function', function: { name: 'read', parameters: { type: 'object', properties: {} } } };
    expect(await post('/chat/completions', {
      model: 'auto', tools: [tool],
      messages: [{ role: 'user', content: 'read' }, { role: 'assistant', content: null, reasoning_content: 'From chat completions.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c1', content: 'x' }],
    })).toBe(200);
    expect(await post('/responses', {
      model: 'auto', tools: [{ type: 'function', name: 'read', parameters: { type: 'object', properties: {} } }],
      input: [{ role: 'user', content: 'read' }, { type: 'reasoning', id: 'rs_1', summary: [], content: [{ type: 'reasoning_text', text: 'From responses.' }] }, { type: 'function_call', call_id: 'c1', name: 'read', arguments: '{}' }, { type: 'function_call_output', call_id: 'c1', output: 'x' }],
    })).toBe(200);
    expect(await post('/messages', {
      model: 'auto', max_tokens: 100, tools: [{ name: 'read', input_schema: { type: 'object', properties: {} } }],
      messages: [{ role: 'user', content: 'read' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 'From messages.', signature: '' }, { type: 'tool_use', id: 'c1', name: 'read', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c1', content: 'x' }] }],
    })).toBe(200);
    const sent = llm.requests.map((r) => (JSON.parse(r.body).messages as ChatMessage[]).find((m) => m.tool_calls)?.reasoning_content);
    expect(sent).toEqual(['From chat completions.', 'From responses.', 'From messages.']);
  });
});
