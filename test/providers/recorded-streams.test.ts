import { afterEach, describe, expect, it } from 'vitest';
import {
  ANTHROPIC_CUMULATIVE_USAGE, ANTHROPIC_REFUSAL, DEEPSEEK_REASONING, GEMINI_TEXT, GEMINI_TEXT_ANSWER, GROQ_REASONING,
  INLINE_THINK, OPENAI_REFUSAL, OPENAI_TEXT, OPENAI_TEXT_ANSWER, sse,
} from '../fixtures/recorded-shapes.js';
import { closeStartedServers, serve } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

/** A server that sends `body` in one network write (so text and an error share one read). */
const replay = (body: string, contentType = 'text/event-stream') =>
  serve((_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  });

const openai = (url: string, ...args: string[]) => runCli(['ask', '-p', 'openai', '--base-url', url, '--retries', '0', ...args, 'q']);
const anthropicEnv = (url: string) => ({ ANTHROPIC_API_KEY: 'sk-ant-test-123456', ANTHROPIC_BASE_URL: url });
const geminiEnv = (url: string) => ({ GEMINI_API_KEY: 'gm-test-12345678', G4F_CHAT_GEMINI_BASE_URL: url });

describe('recorded OpenAI streams', () => {
  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR only', '\r']] as const) {
    it(`text with usage, ${name} line ends: stdout is the text byte for byte, trailing newlines kept`, async () => {
      const server = await replay(sse(OPENAI_TEXT, { done: true, eol }));
      const result = await openai(server.url);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(OPENAI_TEXT_ANSWER);
      const json = JSON.parse((await openai(server.url, '--json')).stdout);
      expect(json).toMatchObject({ text: OPENAI_TEXT_ANSWER, usage: { inputTokens: 16, outputTokens: 9, totalTokens: 25 } });
    });
  }

  it('a refusal is the answer on stdout and `refusal` in --json, never an empty answer', async () => {
    const server = await replay(sse(OPENAI_REFUSAL, { done: true }));
    const result = await openai(server.url);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("I'm sorry, I can't help with that.\n");
    expect(result.stderr).toBe('');
    const json = JSON.parse((await openai(server.url, '--json')).stdout);
    expect(json).toMatchObject({ text: '', refusal: "I'm sorry, I can't help with that." });
  });

  it('a non-streamed refusal (message.refusal) too', async () => {
    const server = await replay(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'No.' }, finish_reason: 'stop' }] }), 'application/json');
    const result = await openai(server.url, '--no-stream');
    expect(result.stdout).toBe('No.\n');
  });

  const reasoningCases: Array<[string, string[], string, string]> = [
    ['reasoning_content (DeepSeek)', DEEPSEEK_REASONING, 'We need to count.', 'Three.'],
    ['reasoning (Groq)', GROQ_REASONING, 'Okay, let me think', '$x = 2$'],
    ['an inline <think> block split across chunks', INLINE_THINK, '\nThe user greets me.\n', 'Hello there!'],
  ];
  for (const [name, lines, reasoning, text] of reasoningCases) {
    it(`${name} is reasoning: absent from stdout in a pipe, apart in --json`, async () => {
      const server = await replay(sse(lines, { done: true }));
      expect((await openai(server.url)).stdout).toBe(`${text}\n`);
      expect(JSON.parse((await openai(server.url, '--json')).stdout)).toMatchObject({ text, reasoning });
    });
  }

  it('text then an error payload in one network read: the text is kept, exit 1, cut short', async () => {
    const error = '{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}';
    const server = await replay(sse([...OPENAI_TEXT.slice(0, 3), error]));
    const result = await openai(server.url);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('**Holiday** ideas:\n\n');
    expect(result.stderr).toMatch(/cut short: openai: The server had an error/);
    const json = JSON.parse((await openai(server.url, '--json')).stdout);
    expect(json.text).toBe('**Holiday** ideas:\n\n');
  });

  it('text then `event: error` in one read is kept too', async () => {
    const server = await replay(`${sse(OPENAI_TEXT.slice(0, 2))}event: error\ndata: {"message":"overloaded"}\n\n`);
    const result = await openai(server.url);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('**Holiday**\n');
  });

  it('in a chain, a provider that sent text then an error is final: the next is never asked', async () => {
    const first = await replay(sse([...OPENAI_TEXT.slice(0, 2), '{"error":{"message":"boom"}}']));
    const second = await serve((_req, res) => res.end('{"message":{"content":"must not appear"},"done":true}\n'));
    const result = await runCli(['ask', '-p', 'openai,ollama', '--retries', '0', 'q'], {
      env: { OPENAI_API_KEY: 'sk-12345678', G4F_CHAT_OPENAI_BASE_URL: first.url, OLLAMA_HOST: second.url },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('**Holiday**\n');
    expect(second.requests).toHaveLength(0);
  });
});

describe('recorded Anthropic streams', () => {
  it('message_delta usage is cumulative and wins, input_tokens included', async () => {
    const server = await replay(sse(ANTHROPIC_CUMULATIVE_USAGE, { named: true }));
    const result = await runCli(['ask', '-p', 'anthropic', '--json', 'q'], { env: anthropicEnv(server.url) });
    expect(JSON.parse(result.stdout)).toMatchObject({ text: 'pong', usage: { inputTokens: 610, outputTokens: 2, totalTokens: 612 } });
  });

  it('a refusal stop reason: its explanation on stderr, stdout empty, `refusal` in --json', async () => {
    const server = await replay(sse(ANTHROPIC_REFUSAL, { named: true }));
    const result = await runCli(['ask', '-p', 'anthropic', 'q'], { env: anthropicEnv(server.url) });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('g4f-chat: anthropic refused: This request was blocked under the usage policy.\n');
    const json = JSON.parse((await runCli(['ask', '-p', 'anthropic', '--json', 'q'], { env: anthropicEnv(server.url) })).stdout);
    expect(json).toMatchObject({ text: '', refusal: 'This request was blocked under the usage policy.' });
  });

  it('text then an error event in one read: the text is kept', async () => {
    const error = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    const server = await replay(sse([...ANTHROPIC_CUMULATIVE_USAGE.slice(0, 3), error], { named: true }));
    const result = await runCli(['ask', '-p', 'anthropic', '--retries', '0', 'q'], { env: anthropicEnv(server.url) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('p\n');
    expect(result.stderr).toMatch(/anthropic: Overloaded/);
  });
});

describe('recorded Gemini streams', () => {
  it('CRLF events end in finishReason; the text comes whole', async () => {
    const server = await replay(sse(GEMINI_TEXT, { eol: '\r\n' }));
    const result = await runCli(['ask', '-p', 'gemini', '--json', 'q'], { env: geminiEnv(server.url) });
    expect(JSON.parse(result.stdout)).toMatchObject({ text: GEMINI_TEXT_ANSWER, finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 29 } });
  });

  it('a stream that ends without finishReason is incomplete: exit 1, text kept', async () => {
    const server = await replay(sse(GEMINI_TEXT.slice(0, 2)));
    const result = await runCli(['ask', '-p', 'gemini', '--retries', '0', 'q'], { env: geminiEnv(server.url) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(GEMINI_TEXT_ANSWER);
    expect(result.stderr).toMatch(/no finishReason/);
  });

  it('text then an error in one read: the text is kept', async () => {
    const server = await replay(sse([GEMINI_TEXT[0], '{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}']));
    const result = await runCli(['ask', '-p', 'gemini', '--retries', '0', 'q'], { env: geminiEnv(server.url) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('There are **3** "r"s in\n');
  });
});

describe('Ollama', () => {
  it('text then an error line in one read: the text is kept', async () => {
    const server = await replay('{"model":"llama3.2","message":{"role":"assistant","content":"Partial"},"done":false}\n{"error":"model runner has unexpectedly stopped"}\n', 'application/x-ndjson');
    const result = await runCli(['ask', '-p', 'ollama', '--retries', '0', 'q'], { env: { OLLAMA_HOST: server.url } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('Partial\n');
    expect(result.stderr).toMatch(/model runner has unexpectedly stopped/);
  });
});
