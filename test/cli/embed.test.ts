import { spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';
import { groqAt } from '../helpers/tool-provider.js';

afterEach(closeStartedServers);

const openaiAt = (url: string) => ({ OPENAI_API_KEY: 'sk-test-1234567890abcdef', G4F_CHAT_OPENAI_BASE_URL: url });

/** OpenAI's `/embeddings`: each input's vector is [its length, its index in the request]. */
function openAIEmbeddings(req: RecordedRequest, res: ServerResponse) {
  if (req.method !== 'POST' || req.url !== '/embeddings') return sendJson(res, 404, { error: { message: 'no such route' } });
  const body = JSON.parse(req.body) as { input: string[]; model: string };
  sendJson(res, 200, { object: 'list', model: body.model, data: body.input.map((text, index) => ({ object: 'embedding', index, embedding: [text.length, index] })), usage: { prompt_tokens: 3, total_tokens: 3 } });
}

/** Ollama's `/api/embed`: each input's vector is [its length, 0.5]. */
function ollamaEmbed(req: RecordedRequest, res: ServerResponse) {
  if (req.method !== 'POST' || req.url !== '/api/embed') return sendJson(res, 404, { error: 'not found' });
  const body = JSON.parse(req.body) as { input: string[]; model: string };
  sendJson(res, 200, { model: body.model, embeddings: body.input.map((text) => [text.length, 0.5]), prompt_eval_count: 2 });
}

const posts = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'POST');

describe('g4f-chat embed', () => {
  it('words are one text: one JSON object on stdout, the request on the wire in OpenAI\'s shape', async () => {
    const upstream = await serve(openAIEmbeddings);
    const result = await runCli(['embed', '-p', 'openai', 'hello', 'world'], { env: openaiAt(upstream.url), input: 'stdin is not read when words are given' });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ provider: 'openai', model: 'text-embedding-3-small', embeddings: [[11, 0]] });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toBe('');
    const [request] = posts(upstream.requests);
    expect(request.headers.authorization).toBe('Bearer sk-test-1234567890abcdef');
    expect(JSON.parse(request.body)).toEqual({ model: 'text-embedding-3-small', input: ['hello world'], encoding_format: 'float' });
  });

  it('piped stdin is one text (its trailing newline dropped); -m, --dimensions, --base-url and --api-key reach the wire', async () => {
    const upstream = await serve(openAIEmbeddings);
    const result = await runCli(['embed', '-p', 'openai', '--base-url', upstream.url, '--api-key', 'sk-flag-abcdef123456', '-m', 'text-embedding-3-large', '--dimensions', '2'], { input: 'first line\nsecond\n' });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ provider: 'openai', model: 'text-embedding-3-large', embeddings: [[17, 0]] });
    const [request] = posts(upstream.requests);
    expect(request.headers.authorization).toBe('Bearer sk-flag-abcdef123456');
    expect(JSON.parse(request.body)).toEqual({ model: 'text-embedding-3-large', input: ['first line\nsecond'], encoding_format: 'float', dimensions: 2 });
  });

  it('--lines: one text per stdin line, one JSON array per line out, in order, in requests of at most 100', async () => {
    const upstream = await serve(openAIEmbeddings);
    const lines = Array.from({ length: 150 }, (_, i) => 'x'.repeat(i + 1));
    const input = `${lines.slice(0, 2).join('\r\n')}\r\n${lines.slice(2).join('\n')}\n`;
    const result = await runCli(['embed', '--lines', '-p', 'openai'], { env: openaiAt(upstream.url), input });
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as number[]);
    expect(out).toHaveLength(150);
    expect(out.map((vector) => vector[0])).toEqual(lines.map((line) => line.length));
    const bodies = posts(upstream.requests).map((r) => JSON.parse(r.body) as { input: string[]; model: string });
    expect(bodies.map((b) => b.input.length)).toEqual([100, 50]);
    expect(bodies[0].input.slice(0, 3)).toEqual(['x', 'xx', 'xxx']);
    expect(new Set(bodies.map((b) => b.model))).toEqual(new Set(['text-embedding-3-small']));
  });

  it("a provider without an embeddings API is skipped; Ollama's /api/embed answers, and stderr says who did", async () => {
    const groq = await serve((_req, res) => sendJson(res, 500, { error: 'not asked' }));
    const ollama = await serve(ollamaEmbed);
    const result = await runCli(['embed', '-p', 'groq,ollama', 'abc'], { env: { ...groqAt(groq.url), OLLAMA_HOST: ollama.url } });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ provider: 'ollama', model: 'nomic-embed-text', embeddings: [[3, 0.5]] });
    expect(JSON.parse(posts(ollama.requests)[0].body)).toEqual({ model: 'nomic-embed-text', input: ['abc'] });
    expect(posts(groq.requests)).toHaveLength(0);
    expect(result.stderr).toContain('groq has no embeddings API; answered by ollama · nomic-embed-text');
  });

  it('a failing provider is passed for the next; the failure and who answered go to stderr, stdout stays JSON', async () => {
    const openai = await serve((_req, res) => sendJson(res, 500, { error: { message: 'down' } }));
    const ollama = await serve(ollamaEmbed);
    const result = await runCli(['embed', '-p', 'openai,ollama', '--lines'], { env: { ...openaiAt(openai.url), OLLAMA_HOST: ollama.url }, input: 'one\nthree\n' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('[3,0.5]\n[5,0.5]\n');
    expect(result.stderr).toContain('openai failed (HTTP 500); answered by ollama · nomic-embed-text');
  });

  it('usage errors exit 2 before any request: a chat model, nothing to embed, a blank line with --lines, words with --lines', async () => {
    const upstream = await serve(openAIEmbeddings);
    const env = openaiAt(upstream.url);
    const chat = await runCli(['embed', '-p', 'openai', '-m', 'gpt-4o-mini', 'hi'], { env });
    expect(chat.code).toBe(2);
    expect(chat.stderr).toContain('gpt-4o-mini is a chat model of openai, not an embedding model');
    const empty = await runCli(['embed', '-p', 'openai'], { env, input: '' });
    expect(empty.code).toBe(2);
    const blank = await runCli(['embed', '-p', 'openai', '--lines'], { env, input: 'one\n\nthree\n' });
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('line 2 of stdin is blank');
    const both = await runCli(['embed', '-p', 'openai', '--lines', 'words'], { env, input: 'one\n' });
    expect(both.code).toBe(2);
    const none = await runCli(['embed', '-p', 'groq', 'hi'], { env: groqAt(upstream.url) });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('groq has no embeddings API');
    expect(upstream.requests).toHaveLength(0);
    for (const result of [chat, empty, blank, both, none]) expect(result.stdout).toBe('');
  });

  it('a provider that fails exits 1 with the reason on stderr and nothing on stdout', async () => {
    const upstream = await serve((_req, res) => sendJson(res, 503, { error: { message: 'overloaded' } }));
    const result = await runCli(['embed', '-p', 'openai', 'hi'], { env: openaiAt(upstream.url) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/503/);
  });

  it('--lines into a pipe closed early ends quietly with 0', async () => {
    const upstream = await serve(openAIEmbeddings);
    const input = `${Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\n')}\n`;
    const child = spawn(process.execPath, [BIN, 'embed', '--lines', '-p', 'openai', '--max-input', '5M'], { env: { ...cleanEnv(tempHome()), ...openaiAt(upstream.url) }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(input);
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
    clearTimeout(killer);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('g4f-chat providers: which have an embeddings API', () => {
  it('an embed column in the table, embeddings true|false in --json, and a line in the detail', async () => {
    const table = await runCli(['providers']);
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    const columns = header.split(/\s{2,}/);
    const embedAt = columns.indexOf('embed');
    expect(embedAt).toBeGreaterThan(0);
    const cellOf = (id: string) => rows.find((row) => row.startsWith(`${id} `))!.split(/\s{2,}/)[embedAt];
    expect(cellOf('openai')).toBe('yes');
    expect(cellOf('ollama')).toBe('yes');
    expect(cellOf('groq')).toBe('no');
    const json = JSON.parse((await runCli(['providers', '--json'])).stdout) as Array<{ id: string; embeddings: boolean; embeddingModel?: string }>;
    const byId = new Map(json.map((p) => [p.id, p]));
    expect(byId.get('mistral')).toMatchObject({ embeddings: true, embeddingModel: 'mistral-embed' });
    expect(byId.get('gemini')?.embeddings).toBe(true);
    expect(byId.get('groq')?.embeddings).toBe(false);
    expect(json.every((p) => typeof p.embeddings === 'boolean')).toBe(true);
    const detail = await runCli(['providers', 'openai']);
    expect(detail.stdout).toMatch(/embeddings: +yes \(g4f-chat embed; default model text-embedding-3-small\)/);
  });
});
