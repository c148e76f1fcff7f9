import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==', 'base64');
const PNG64 = PNG.toString('base64');

function imageFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'g4f-image-'));
  writeFileSync(join(dir, 'dot.png'), PNG);
  writeFileSync(join(dir, 'fake.png'), 'not an image');
  return dir;
}

const anthropicStream = (text: string) =>
  `event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":1}}}\n\n` +
  `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}\n\n` +
  `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}\n\n` +
  `event: message_stop\ndata: {"type":"message_stop"}\n\n`;

describe('ask -f image', () => {
  it('reaches each vision protocol in its own shape', async () => {
    const cwd = imageFolder();
    const openai = await serve((_req, res) => streamOpenAI(res, ['a dot']));
    const anthropic = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(anthropicStream('a pixel'));
    });
    const gemini = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"candidates":[{"content":{"parts":[{"text":"red"}]},"finishReason":"STOP"}]}\n\n');
    });
    const ollama = await serve((_req, res) => res.end('{"message":{"content":"tiny"},"done":true}\n'));
    const env = {
      OPENAI_API_KEY: 'sk-test-1234567890abcdef', ANTHROPIC_API_KEY: 'sk-ant-test-1234567890', ANTHROPIC_BASE_URL: anthropic.url,
      GEMINI_API_KEY: 'gem-test-1234567890', G4F_CHAT_GEMINI_BASE_URL: gemini.url, OLLAMA_HOST: ollama.url,
    };
    const ask = (args: string[]) => runCli(['ask', '--no-history', '-f', 'dot.png', ...args, 'what is it?'], { cwd, env });

    expect((await ask(['-p', 'openai', '--base-url', openai.url])).stdout).toBe('a dot\n');
    expect(JSON.parse(openai.requests[0].body).messages[0].content).toEqual([
      { type: 'text', text: 'what is it?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG64}` } },
    ]);
    expect((await ask(['-p', 'anthropic'])).stdout).toBe('a pixel\n');
    expect(JSON.parse(anthropic.requests[0].body).messages[0].content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG64 } },
      { type: 'text', text: 'what is it?' },
    ]);
    expect((await ask(['-p', 'gemini'])).stdout).toBe('red\n');
    expect(JSON.parse(gemini.requests[0].body).contents[0].parts).toEqual([{ text: 'what is it?' }, { inline_data: { mime_type: 'image/png', data: PNG64 } }]);
    expect((await ask(['-p', 'ollama', '-m', 'llava'])).stdout).toBe('tiny\n');
    expect(JSON.parse(ollama.requests.find((r) => r.url === '/api/chat')!.body).messages[0]).toEqual({ role: 'user', content: 'what is it?', images: [PNG64] });
  });

  it('a provider without vision refuses before any request; in a chain, those that take images answer', async () => {
    const cwd = imageFolder();
    const deepseek = await serve((_req, res) => streamOpenAI(res, ['never']));
    const openai = await serve((_req, res) => streamOpenAI(res, ['seen']));
    const env = { DEEPSEEK_API_KEY: 'sk-deep-1234567890ab', G4F_CHAT_DEEPSEEK_BASE_URL: deepseek.url, OPENAI_API_KEY: 'sk-test-1234567890abcdef', G4F_CHAT_OPENAI_BASE_URL: openai.url };
    const refused = await runCli(['ask', '--no-history', '-p', 'deepseek', '-f', 'dot.png', 'x'], { cwd, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/deepseek takes no images/);
    const seed = await runCli(['ask', '--no-history', '-p', 'aivvm', '-f', 'dot.png', 'x'], { cwd, env });
    expect(seed.code).toBe(2);
    const chain = await runCli(['ask', '--no-history', '--verbose', '-p', 'deepseek,openai', '-f', 'dot.png', 'x'], { cwd, env });
    expect(chain.stdout).toBe('seen\n');
    expect(chain.stderr).toMatch(/skipped deepseek: takes no images/);
    expect(deepseek.requests).toHaveLength(0);
    // A file named as an image that is not one is said, not sent as text.
    const fake = await runCli(['ask', '--no-history', '-p', 'openai', '-f', 'fake.png', 'x'], { cwd, env });
    expect([fake.code, fake.stderr]).toEqual([2, expect.stringContaining('fake.png is named as an image but is not')]);
    expect(openai.requests).toHaveLength(1);
  });

  it('fetches an image URL as an image; history keeps the text and how many images, not their bytes', async () => {
    const site = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(PNG);
    });
    const openai = await serve((_req, res) => streamOpenAI(res, ['a dot']));
    const home = tempHome();
    const result = await runCli(['ask', '-p', 'openai', '--base-url', openai.url, '-f', `${site.url}/dot.png`, 'describe'], { home, env: { OPENAI_API_KEY: 'sk-test-1234567890abcdef' } });
    expect(result.code).toBe(0);
    expect(JSON.parse(openai.requests[0].body).messages[0].content[1]).toEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG64}` } });
    const dir = join(home, 'conversations');
    const stored = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.jsonl'))!), 'utf8');
    expect(stored).toContain('"content":"describe","imageCount":1');
    expect(stored).not.toContain(PNG64.slice(0, 20));
    const [listed] = JSON.parse((await runCli(['history', '--json'], { home })).stdout);
    expect((await runCli(['history', 'show', listed.id], { home })).stdout).toMatch(/^you \(\+1 image, not kept\)\ndescribe\n/);
  });
});
