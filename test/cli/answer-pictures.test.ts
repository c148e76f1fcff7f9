import { readdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { groqAt, lastTool, toolProvider } from '../helpers/tool-provider.js';
import { pngFile } from '../images/pictures.js';
import { addEverything } from '../helpers/mcp-everything.js';

afterEach(closeStartedServers);

const KEY = { GEMINI_API_KEY: 'gm-test-1234567890' };
const sse = (data: unknown) => `data: ${JSON.stringify(data)}\r\n\r\n`;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A PNG header claiming 100000×100000 pixels: refused by the header check, never decoded. */
function hugePng(): Uint8Array {
  const bytes = Buffer.from(pngFile(2, 2));
  bytes.writeUInt32BE(100_000, 16);
  bytes.writeUInt32BE(100_000, 20);
  return bytes;
}

/**
 * Gemini's streamGenerateContent answering with a picture. The part shape is the API's own:
 * a Part carries `inlineData`, a Blob `{mimeType, data}` with the bytes in base64
 * (ai.google.dev/api/caching#Blob; the REST answers of ai.google.dev/gemini-api/docs/image-generation
 * hold `candidates[0].content.parts[].inlineData`). A picture drawn while thinking comes first,
 * marked `thought: true` (the same page, "Thinking process"): a draft, not the answer.
 */
function geminiPainter(picture: Uint8Array, draft = pngFile(3, 3)) {
  return serve((_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(
      sse({ candidates: [{ content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: b64(draft) }, thought: true }] }, index: 0 }], responseId: 'r1' }) +
        sse({ candidates: [{ content: { role: 'model', parts: [{ text: 'Here is a lighthouse.' }] }, index: 0 }], responseId: 'r1' }) +
        sse({ candidates: [{ content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: b64(picture) } }] }, finishReason: 'STOP', index: 0 }], responseId: 'r1' }),
    );
  });
}

const imagesIn = (home: string) => {
  try {
    return readdirSync(join(home, 'images')).map((name) => join(home, 'images', name));
  } catch {
    return [];
  }
};
const savedPaths = (stderr: string) => [...stderr.matchAll(/saved: (\/\S+)/g)].map((m) => m[1]);
const conversationText = (home: string) => readdirSync(join(home, 'conversations')).filter((n) => n.endsWith('.jsonl')).map((n) => readFileSync(join(home, 'conversations', n), 'utf8')).join('');

describe('pictures in an answer, in a pipe', () => {
  it("ask prints only the text; the picture is saved owner-only (its path on stderr), the draft drawn while thinking is not", async () => {
    const picture = pngFile(24, 16);
    const llm = await geminiPainter(picture);
    const home = tempHome();
    const result = await runCli(['ask', '-p', 'gemini', '--base-url', llm.url, 'draw a lighthouse'], { home, env: KEY });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Here is a lighthouse.\n');
    const [path, ...more] = savedPaths(result.stderr);
    expect(more).toEqual([]);
    expect(result.stderr).toContain(`image from gemini saved: ${path}`);
    expect(imagesIn(home)).toEqual([path]);
    expect(readFileSync(path).equals(Buffer.from(picture))).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(path).toMatch(new RegExp(`-${sha256(picture).slice(0, 12)}\\.png$`));
  });

  it('history keeps the picture by path, SHA-256 and type, never its base64; history show names it, or says it is gone or changed', async () => {
    const picture = pngFile(24, 16);
    const llm = await geminiPainter(picture);
    const home = tempHome();
    const asked = await runCli(['ask', '-p', 'gemini', '--base-url', llm.url, '--session', 'pics', 'draw a lighthouse'], { home, env: KEY });
    expect(asked.code, asked.stderr).toBe(0);
    const [path] = savedPaths(asked.stderr);
    const stored = conversationText(home);
    expect(stored).not.toContain(b64(picture).slice(0, 40));
    const assistant = stored.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).find((r) => r.role === 'assistant')!;
    expect(assistant.content).toBe('Here is a lighthouse.');
    expect(assistant.imageFiles).toEqual([{ path, sha256: sha256(picture), mime: 'image/png' }]);

    const shown = await runCli(['history', 'show', 'pics'], { home });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`Here is a lighthouse.\n[image image/png: ${path}]\n`);
    writeFileSync(path, Buffer.concat([Buffer.from(picture), Buffer.from('x')]));
    expect((await runCli(['history', 'show', 'pics'], { home })).stdout).toContain(`[image ${path}: the file has changed since it was saved; not shown]`);
    rmSync(path);
    expect((await runCli(['history', 'show', 'pics'], { home })).stdout).toContain(`[image ${path}: the file is gone]`);
    expect((await runCli(['history', 'export', 'pics'], { home })).stdout).toContain(`![image](<${path}>)`);
  });

  it('--json names the saved pictures beside the text', async () => {
    const picture = pngFile(8, 8);
    const llm = await geminiPainter(picture);
    const result = await runCli(['ask', '-p', 'gemini', '--base-url', llm.url, '--json', 'draw'], { env: KEY });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { text: string; images: Array<{ path: string; sha256: string; mime: string }> };
    expect(json.text).toBe('Here is a lighthouse.');
    expect(json.images).toEqual([{ path: savedPaths(result.stderr)[0], sha256: sha256(picture), mime: 'image/png' }]);
  });

  it('a hostile picture (a header claiming 100000×100000) is refused with one line naming why, and nothing is saved', async () => {
    const llm = await geminiPainter(hugePng());
    const home = tempHome();
    const result = await runCli(['ask', '-p', 'gemini', '--base-url', llm.url, '--no-history', 'draw'], { home, env: KEY });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Here is a lighthouse.\n');
    expect(result.stderr.trimEnd().split('\n')).toEqual(['g4f-chat: image from gemini: image not shown: the header says 100000×100000 pixels, more than 50 megapixels or 16384 a side']);
    expect(imagesIn(home)).toEqual([]);
  });
});

describe("pictures in an MCP tool's result, in a pipe", () => {
  it('the tiny image of server-everything is saved (path on stderr), named by file on the tool turn in history, and the answer is text only', async () => {
    const home = tempHome();
    await addEverything(home);
    const llm = await toolProvider((body) => (lastTool(body) === undefined ? { call: { name: 'ev__get-tiny-image', arguments: '{}' } } : { text: 'a logo' }));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'ev__get-tiny-image', '--approve', 'ev', 'what is it?'], { home, env: groqAt(llm.url) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('a logo\n');
    const [path] = savedPaths(result.stderr);
    expect(result.stderr).toContain(`image from ev__get-tiny-image saved: ${path}`);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    const records = conversationText(home).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const tool = records.find((r) => r.role === 'tool')!;
    expect(tool.imageFiles).toEqual([{ path, sha256: sha256(bytes), mime: 'image/png' }]);
    expect(conversationText(home)).not.toContain(bytes.toString('base64').slice(0, 40));
  }, 60_000);
});
