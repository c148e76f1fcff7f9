import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, openAIChunk, openAIFinish, serve } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

const anthropicEnv = (url: string) => ({ ANTHROPIC_API_KEY: 'sk-ant-test-123456', ANTHROPIC_BASE_URL: url });
const pause = () => new Promise((resolve) => setTimeout(resolve, 80));

/**
 * Anthropic's refusal is a stop reason, its words a `stop_details.explanation`
 * (@anthropic-ai/sdk resources/messages/messages.d.ts: `RefusalStopDetails`, "Human-readable
 * explanation of the refusal"): the text before it is the answer, the explanation is not.
 */
const anthropicRefusal = (text: string) =>
  [
    ['message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], usage: { input_tokens: 9, output_tokens: 1 } } }],
    ...(text ? [['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }]] : []),
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'refusal', stop_details: { type: 'refusal', category: 'cyber', explanation: null } }, usage: { output_tokens: 3 } }],
    ['message_stop', { type: 'message_stop' }],
  ]
    .map(([name, data]) => `event: ${name as string}\ndata: ${JSON.stringify(data)}\n\n`)
    .join('');

describe('stdout is the server text only', () => {
  it('an Anthropic refusal after some text: stdout is the text, the explanation on stderr, `refusal` in --json', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(anthropicRefusal('Hi'));
    });
    const result = await runCli(['ask', '-p', 'anthropic', 'q'], { env: anthropicEnv(server.url) });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Hi\n');
    expect(result.stderr).toMatch(/declined/);
    const json = JSON.parse((await runCli(['ask', '-p', 'anthropic', '--json', 'q'], { env: anthropicEnv(server.url) })).stdout);
    expect(json).toMatchObject({ text: 'Hi', refusal: 'the model declined to answer' });
  });

  it('a surrogate pair split across two deltas (JSON-escaped, as Python servers send them) reaches stdout whole', async () => {
    // Python's json.dumps escapes every non-ASCII character, an emoji as two \uXXXX halves,
    // and a streaming server may cut between them.
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(openAIChunk('a\ud83d'));
      await pause();
      res.write(openAIChunk('\udd35b'));
      await pause();
      res.write(openAIChunk('\ud83d'));
      await pause();
      res.end(`${openAIFinish()}data: [DONE]\n\n`);
    });
    const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--retries', '0', 'q']);
    expect(result.code).toBe(0);
    // The pair comes out as one character; a lone half at the end is what it always was.
    expect(result.stdout).toBe('a\u{1F535}b\uFFFD\n');
  });
});
