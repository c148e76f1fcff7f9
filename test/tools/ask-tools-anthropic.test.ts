import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { mcpFilesHome } from '../helpers/mcp-files-home.js';
import { openAIReader } from '../helpers/openai-tool-reader.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

type Block = { type: string; text?: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; content?: unknown };
type Body = { messages: Array<{ role: string; content: string | Block[] }>; tools?: Array<{ name: string }>; tool_choice?: unknown };

const sse = (event: string, data: Record<string, unknown>) => `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;

/** The tool_result blocks of the conversation's last user message, if it is one of results. */
function lastResults(body: Body): Block[] {
  const last = body.messages.at(-1)?.content;
  return Array.isArray(last) ? last.filter((b) => b.type === 'tool_result') : [];
}

/**
 * A Messages API stand-in (anthropic-sdk-typescript src/resources/messages/messages.ts: the
 * RawMessageStreamEvent sequence, tool_use blocks with input_json_delta, stop_reason tool_use):
 * with no result yet it calls files__read on notes.txt, then answers from the result.
 */
function anthropicReader() {
  return serve((req: RecordedRequest, res: ServerResponse) => {
    const body = JSON.parse(req.body) as Body;
    const results = lastResults(body);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const start = sse('message_start', { message: { usage: { input_tokens: 10, output_tokens: 1 } } });
    if (results.length === 0 && body.tools?.some((t) => t.name === 'files__read') && body.tool_choice === undefined) {
      return res.end(
        start +
          sse('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_01', name: 'files__read', input: {} } }) +
          sse('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{"path":' } }) +
          sse('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '"notes.txt"}' } }) +
          sse('content_block_stop', { index: 0 }) +
          sse('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 5 } }) +
          sse('message_stop', {}),
      );
    }
    const text = results.length > 0 ? `notes.txt says: ${String(results[0].content).trim()}` : 'done';
    res.end(
      start +
        sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
        sse('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }) +
        sse('content_block_stop', { index: 0 }) +
        sse('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 5 } }) +
        sse('message_stop', {}),
    );
  });
}

describe('ask -T on the Anthropic protocol', () => {
  it('answers "what is in notes.txt?" from the file: tools as input_schema, the call as tool_use, the result as tool_result', async () => {
    const { home } = await mcpFilesHome();
    const llm = await anthropicReader();
    const result = await runCli(['ask', '-p', 'anthropic', '-T', 'files', '--approve', 'all', 'what is in notes.txt?'], {
      home,
      env: { ANTHROPIC_API_KEY: 'sk-ant-test-1234567890', ANTHROPIC_BASE_URL: llm.url },
    });
    expect(result.stderr).toMatch(/⏺ files__read \{"path":"notes.txt"\} → 9 bytes/);
    expect(result.stdout).toBe('notes.txt says: buy milk\n');
    expect(result.code).toBe(0);
    const first = JSON.parse(llm.requests[0].body) as Body & { tools: Array<{ name: string; input_schema: unknown }> };
    expect(first.tools.map((t) => t.name)).toEqual(['files__read', 'files__list']);
    expect(first.tools[0].input_schema).toMatchObject({ type: 'object' });
    const second = JSON.parse(llm.requests[1].body) as Body;
    expect(second.messages.slice(-2)).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'files__read', input: { path: 'notes.txt' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'buy milk\n' }] },
    ]);
  });
});

describe('history replayed across protocols', () => {
  it('calls saved from an OpenAI-shaped provider go to Anthropic with -c as tool_use and tool_result blocks', async () => {
    const { home } = await mcpFilesHome();
    const openai = await openAIReader();
    const claude = await anthropicReader();
    const env = { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: openai.url, ANTHROPIC_API_KEY: 'sk-ant-test-1234567890', ANTHROPIC_BASE_URL: claude.url };
    const first = await runCli(['ask', '-p', 'groq', '-T', 'files', '--approve', 'all', 'what is in notes.txt?'], { home, env });
    expect(first.stdout).toBe('notes.txt says: buy milk\n');

    // No -T this time: the API refuses tool blocks unless tools are defined, so the tools the
    // history names are declared with tool_choice none.
    const next = await runCli(['ask', '-c', '-p', 'anthropic', 'thanks'], { home, env });
    expect(next.stderr).toBe('');
    expect(next.stdout).toBe('done\n');
    const body = JSON.parse(claude.requests[0].body) as Body;
    expect(body.messages).toEqual([
      { role: 'user', content: 'what is in notes.txt?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_abc', name: 'files__read', input: { path: 'notes.txt' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_abc', content: 'buy milk\n' }] },
      { role: 'assistant', content: 'notes.txt says: buy milk' },
      { role: 'user', content: 'thanks' },
    ]);
    expect(body.tools?.map((t) => t.name)).toEqual(['files__read']);
    expect(body.tool_choice).toEqual({ type: 'none' });
  });
});
