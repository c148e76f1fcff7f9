import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { spawnInPty, type PtySession } from '../helpers/pty.js';
import { tempHome } from '../helpers/run-cli.js';
import { groqAt, lastTool, toolProvider } from '../helpers/tool-provider.js';
import { pngFile } from '../images/pictures.js';
import { addEverything } from '../helpers/mcp-everything.js';

let sessions: PtySession[] = [];
afterEach(async () => {
  for (const s of sessions) s.kill();
  sessions = [];
  await closeStartedServers();
});

const KEY = { GEMINI_API_KEY: 'gm-test-1234567890' };
const sse = (data: unknown) => `data: ${JSON.stringify(data)}\r\n\r\n`;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const HALF_BLOCK = /\x1b\[38;2;\d+;\d+;\d+;48;2;\d+;\d+;\d+m▀/;

/**
 * The pictures a run's kitty escape codes carried (kitty's graphics protocol: `ESC _G keys ;
 * base64 ESC \`, `m=1` on every chunk but an image's last), each one's chunks joined and decoded.
 */
function kittyImages(screen: string): Buffer[] {
  const images: Buffer[] = [];
  let payload = '';
  for (const [, keys, data] of screen.matchAll(/\x1b_G([^;\x1b]*);([A-Za-z0-9+/=]*)\x1b\\/g)) {
    if (keys.includes('a=q')) continue;
    payload += data;
    if (/(^|,)m=0(,|$)/.test(keys)) {
      images.push(Buffer.from(payload, 'base64'));
      payload = '';
    }
  }
  return images;
}

/** The paths a run said it saved pictures to, read off the terminal (colours and wrapped lines undone). */
function savedPaths(screen: string): string[] {
  const plain = screen.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r?\n(?=[^\s[])/g, '');
  return [...plain.matchAll(/saved: (\/\S+?\.png)/g)].map((m) => m[1]);
}

/**
 * Gemini answering with a picture: streamed chat turns carry it as a Part's `inlineData` Blob
 * `{mimeType, data}` (ai.google.dev/api/caching#Blob; ai.google.dev/gemini-api/docs/image-generation),
 * and the image API's `generateContent` (what /image asks) answers the same parts whole.
 */
function geminiPainter(answer: Uint8Array, drawn: Uint8Array) {
  return serve((req: RecordedRequest, res: ServerResponse) => {
    if (req.url.includes(':generateContent')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: b64(drawn) } }] }, finishReason: 'STOP' }], modelVersion: 'gemini-3.1-flash-image-preview' }));
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(
      sse({ candidates: [{ content: { role: 'model', parts: [{ text: 'Here is a lighthouse.' }] }, index: 0 }] }) +
        sse({ candidates: [{ content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: b64(answer) } }] }, finishReason: 'STOP', index: 0 }] }),
    );
  });
}

function pty(args: string[], home: string, env: Record<string, string> = {}): PtySession {
  const session = spawnInPty(args, { home, env: { ...KEY, ...env } });
  sessions.push(session);
  return session;
}

describe('pictures in an answer, on a terminal', () => {
  it('ask --show blocks draws half blocks after the text; with kitty named by the environment the PNG goes in kitty escape codes', async () => {
    const picture = pngFile(24, 16);
    const llm = await geminiPainter(picture, picture);
    const home = tempHome();
    const blocks = pty(['ask', '-p', 'gemini', '--base-url', llm.url, '--show', 'blocks', 'draw'], home);
    expect(await blocks.exited).toBe(0);
    const screen = blocks.output();
    expect(screen).toMatch(HALF_BLOCK);
    expect(screen.indexOf('Here is a lighthouse.')).toBeLessThan(screen.search(HALF_BLOCK));
    const [path] = savedPaths(screen);
    expect(readFileSync(path).equals(Buffer.from(picture))).toBe(true);

    const kitty = pty(['ask', '-p', 'gemini', '--base-url', llm.url, 'draw'], home, { KITTY_WINDOW_ID: '1' });
    expect(await kitty.exited).toBe(0);
    expect(kittyImages(kitty.output())).toEqual([Buffer.from(picture)]);
  });

  it("an MCP tool's image is drawn as soon as the call is done, and saved", async () => {
    const home = tempHome();
    await addEverything(home);
    const llm = await toolProvider((body) => (lastTool(body) === undefined ? { call: { name: 'ev__get-tiny-image', arguments: '{}' } } : { text: 'a logo' }));
    const session = pty(['ask', '-p', 'groq', '-T', 'ev__get-tiny-image', '--approve', 'ev', '--show', 'kitty', 'what is it?'], home, groqAt(llm.url));
    expect(await session.exited).toBe(0);
    const screen = session.output();
    const [path] = savedPaths(screen);
    expect(kittyImages(screen)).toEqual([readFileSync(path)]);
    expect(screen.indexOf('\x1b_G')).toBeLessThan(screen.lastIndexOf('a logo'));
  }, 60_000);

  it('chat asks the terminal its protocol before reading input, draws an answer\'s picture and /image\'s, says each file, keeps both by file; history show draws them again', async () => {
    const answer = pngFile(24, 16);
    const drawn = pngFile(12, 12);
    const llm = await geminiPainter(answer, drawn);
    const home = tempHome();
    const chat = pty(['chat', '-p', 'gemini', '--base-url', llm.url, '--session', 'pics'], home);
    // Asked at start-up, before the prompt reads input, the terminal answers as kitty does: its
    // graphics reply, then DA1's. Neither reaches the typed message.
    await chat.waitFor('\x1b_Gi=31,');
    chat.write('\x1b_Gi=31;OK\x1b\\\x1b[?62;22c');
    await chat.waitFor('/help for commands');
    chat.write('draw a lighthouse\r');
    let at = await chat.waitFor(/image from gemini saved: /);
    chat.write('/image a small square\r');
    at = await chat.waitFor(/image from gemini saved: /, { from: at + 10 });
    await chat.waitFor('\n', { from: at + 30 });
    chat.write('\u0004');
    expect(await chat.exited).toBe(0);
    const screen = chat.output();
    expect(kittyImages(screen)).toEqual([Buffer.from(answer), Buffer.from(drawn)]);
    const [answerPath, drawnPath] = savedPaths(screen);
    const first = JSON.parse(llm.requests.find((r) => r.url.includes(':streamGenerateContent'))!.body) as { contents: Array<{ parts: Array<{ text?: string }> }> };
    expect(first.contents.at(-1)!.parts).toEqual([{ text: 'draw a lighthouse' }]);
    // /image went to the image API with the prompt, not to the chat's stream.
    const asked = llm.requests.find((r) => r.url.includes(':generateContent'))!;
    expect(JSON.stringify(JSON.parse(asked.body))).toContain('a small square');

    const file = readdirSync(join(home, 'conversations')).find((n) => n.endsWith('.jsonl'))!;
    const records = readFileSync(join(home, 'conversations', file), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const withPictures = records.filter((r) => r.imageFiles).map((r) => ({ role: r.role, imageFiles: r.imageFiles }));
    expect(withPictures).toEqual([
      { role: 'assistant', imageFiles: [{ path: answerPath, sha256: sha256(answer), mime: 'image/png' }] },
      { role: 'assistant', imageFiles: [{ path: drawnPath, sha256: sha256(drawn), mime: 'image/png' }] },
    ]);
    expect(records.find((r) => r.content === '/image a small square')?.role).toBe('user');

    const shown = pty(['history', 'show', 'pics', '--show', 'blocks'], home);
    expect(await shown.exited).toBe(0);
    const again = shown.output();
    expect(again.match(new RegExp(HALF_BLOCK.source, 'g'))?.length).toBeGreaterThan(10);
    expect(again.indexOf('Here is a lighthouse.')).toBeLessThan(again.search(HALF_BLOCK));
  }, 30_000);
});
