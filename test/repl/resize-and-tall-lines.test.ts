import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, openAIChunk, serve } from '../helpers/loopback-server.js';
import { spawnPty, type PtySession } from '../helpers/pty.js';
import { BIN, cleanEnv, tempHome } from '../helpers/run-cli.js';
import { screenAfter } from '../helpers/virtual-screen.js';

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});

/** A server that streams `before`, waits for `release()`, then streams `after`. */
async function gatedServer(before: string[], after: string[]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const waiting = new Promise<void>((resolve) => (reached = resolve));
  const server = await serve(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const piece of before) res.write(openAIChunk(piece));
    reached();
    await released;
    for (const piece of after) res.write(openAIChunk(piece));
    res.end('data: [DONE]\n\n');
  });
  return { server, release, waiting };
}

function chatIn(url: string, cols: number, rows: number): PtySession {
  return spawnPty(process.execPath, [BIN, 'chat', '-p', 'openai', '--base-url', url, '--no-history', '-q'], { env: cleanEnv(tempHome()), cols, rows });
}

describe('rendering that survives the terminal', () => {
  it('a resize while an answer streams leaves every line whole and the prompt below the answer', async () => {
    const lines = Array.from({ length: 8 }, (_, i) => `Line ${i + 1}: **short** line with a few more words in it`);
    // Line 5 is plain text, cut by the resize: nothing of it may be overwritten.
    const { server, release, waiting } = await gatedServer([`${lines.slice(0, 4).join('\n')}\n`, 'Line 5: sho'], [`rt line with a few more words in it\n${lines.slice(5).join('\n')}\n`]);
    session = chatIn(server.url, 100, 30);
    await session.waitFor('› ');
    session.write('go\r');
    await waiting;
    await session.waitFor('Line 5: sho');
    session.resize(40, 30);
    await new Promise((r) => setTimeout(r, 150));
    release();
    const answered = await session.waitFor('Line 8');
    await session.waitFor('› ', { from: answered });
    const screen = await screenAfter(session.parts(), 100, 30);
    const text = screen.join('\n');
    // No prompt glyph inside the answer, and every line's words are all there, in order.
    expect(screen.filter((row) => row.includes('›') && /Line \d|short|words/.test(row))).toEqual([]);
    for (let i = 1; i <= 8; i++) expect(text.replace(/\s+/g, ' ')).toMatch(new RegExp(`Line ${i}: (\\*\\*)?short(\\*\\*)? line with a few more words in it`));
    session.write('\u0004');
    expect(await session.exited).toBe(0);
  });

  it('a paragraph taller than the window appears once in the scrollback, and a short one is still styled', async () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
    const paragraph = `START **bold** ${words} END`;
    const { server, release, waiting } = await gatedServer(['# Title\n', ...paragraph.match(/.{1,50}/g)!], ['\n\nafter **it**\n']);
    session = chatIn(server.url, 60, 12);
    await session.waitFor('› ');
    session.write('go\r');
    await waiting;
    // The whole paragraph is on screen, raw, before its newline arrives.
    await session.waitFor('END');
    release();
    const answered = await session.waitFor('after');
    await session.waitFor('› ', { from: answered });
    const text = (await screenAfter(session.parts(), 60, 12)).join('\n');
    expect(text.split('START').length - 1).toBe(1);
    expect(text.split('END').length - 1).toBe(1);
    expect(text).toContain('after it');
    expect(text).not.toContain('# Title');
    session.write('\u0004');
    expect(await session.exited).toBe(0);
  });
});
