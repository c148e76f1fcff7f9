import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { mcpFilesHome } from '../helpers/mcp-files-home.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

type OllamaMessage = { role: string; content: string; tool_calls?: unknown[]; tool_name?: string; tool_call_id?: string };

/**
 * An Ollama server that first calls the files server's `read` tool, then answers from the result.
 * Lines as ollama/ollama docs/api.md "Chat request (Streaming with tools)" shows them: the call
 * whole in a `done:false` line (with the `id` server/routes.go gives every call), then a
 * `done:true` line with `done_reason:"stop"`; the result comes back as `{role:"tool", content,
 * tool_name}` (api/types.go Message.ToolName, docs/capabilities/tool-calling.mdx).
 */
function ollamaServer() {
  return serve((req: RecordedRequest, res: ServerResponse) => {
    if (req.url === '/api/tags') return sendJson(res, 200, { models: [{ name: 'llama3.2' }] });
    const body = JSON.parse(req.body) as { messages: OllamaMessage[] };
    const result = body.messages.filter((m) => m.role === 'tool').at(-1);
    const line = (record: unknown) => `${JSON.stringify(record)}\n`;
    const done = line({ model: 'llama3.2', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 9, eval_count: 4 });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    if (!result) {
      const call = { id: 'call_q8w3e5r1', function: { index: 0, name: 'files__read', arguments: { path: 'notes.txt' } } };
      return res.end(line({ model: 'llama3.2', message: { role: 'assistant', content: '', tool_calls: [call] }, done: false }) + done);
    }
    res.end(line({ model: 'llama3.2', message: { role: 'assistant', content: `notes.txt says: ${result.content.trim()}` }, done: false }) + done);
  });
}

describe('ask -T with an MCP server on the Ollama protocol', () => {
  it('answers "what is in notes.txt?" from the file: the call goes out, its result comes back with tool_name', async () => {
    const { home } = await mcpFilesHome();
    const llm = await ollamaServer();
    const result = await runCli(['ask', '-p', 'ollama', '--base-url', llm.url, '-T', 'files', '--approve', 'all', 'what is in notes.txt?'], { home });
    expect(result.stderr).toMatch(/⏺ files__read \{"path":"notes.txt"\} → 9 bytes/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('notes.txt says: buy milk\n');

    const chats = llm.requests.filter((r) => r.url === '/api/chat').map((r) => JSON.parse(r.body));
    expect(chats).toHaveLength(2);
    expect(chats[0].tools.map((t: { type: string; function: { name: string } }) => `${t.type}:${t.function.name}`)).toEqual(['function:files__read', 'function:files__list']);
    expect(chats[1].messages.slice(-2)).toEqual([
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_q8w3e5r1', function: { name: 'files__read', arguments: { path: 'notes.txt' } } }] },
      { role: 'tool', content: 'buy milk\n', tool_name: 'files__read', tool_call_id: 'call_q8w3e5r1' },
    ]);
  });
});
