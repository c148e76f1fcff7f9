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

/** A server that streams `before` in pieces, waits for `release()`, then streams `after`. */
async function gatedServer(before: string[], after: string[] = []) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const waiting = new Promise<void>((resolve) => (reached = resolve));
  const server = await serve(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const piece of before) {
      res.write(openAIChunk(piece));
      await new Promise((r) => setTimeout(r, 5));
    }
    reached();
    if (after.length > 0) await released;
    for (const piece of after) res.write(openAIChunk(piece));
    res.end('data: [DONE]\n\n');
  });
  return { server, release, waiting };
}

/** `ask` at a terminal of this size, answered by the server; the screen once it exits. */
async function askScreen(url: string, cols: number, rows = 40): Promise<string[]> {
  session = spawnPty(process.execPath, [BIN, 'ask', '-p', 'openai', '--base-url', url, '--no-history', 'go'], { env: cleanEnv(tempHome()), cols, rows });
  expect(await session.exited).toBe(0);
  return screenAfter(session.parts(), cols, rows);
}

/** Splits text in pieces of `size` characters, as a stream delivers it. */
const pieces = (text: string, size = 7) => text.match(new RegExp(`[^]{1,${size}}`, 'g'))!;

describe('the answer on a real terminal', () => {
  it('inline code with multi-backtick delimiters keeps its inner backticks (CommonMark code spans)', async () => {
    const { server } = await gatedServer(pieces('run `` `ls` `` now, or ``a`b``, and ` `` ` too\nnot code: ``x` here\n'));
    const screen = await askScreen(server.url, 80);
    expect(screen).toContain('run `ls` now, or a`b, and `` too');
    expect(screen).toContain('not code: ``x` here');
  });

  it('a table wider than the window wraps its cells within their columns', async () => {
    const long = 'a long description that goes on and on past the width of any small window';
    const table = `| name | what it does | size |\n|---|---|--:|\n| alpha | ${long} | 10 |\n| beta | short | 2000 |\n\nafter\n`;
    const { server } = await gatedServer(pieces(table));
    const screen = await askScreen(server.url, 50);
    // Every row fits the window; the long cell's words stay whole, in its own column.
    for (const row of screen) expect(row.length).toBeLessThanOrEqual(50);
    const alpha = screen.findIndex((row) => row.startsWith('alpha'));
    expect(alpha).toBeGreaterThan(0);
    const column = screen[alpha].indexOf('a long');
    expect(column).toBeGreaterThan(5);
    const cell = screen.slice(alpha, alpha + 4).map((row) => row.slice(column).split('│')[0].trim()).join(' ');
    expect(cell).toContain(long);
    expect(screen[alpha]).toMatch(/│\s+10$/);
    expect(screen.some((row) => /^beta\s+│ short\s+│ 2000$/.test(row))).toBe(true);
    expect(screen.join('\n')).not.toContain('| alpha');
  });

  it('a table that cannot fit even wrapped becomes a key: value list per row', async () => {
    const table = '| first column | second column | third column | fourth column |\n|---|---|---|---|\n| one | two | three | four |\n| 1 | 2 | 3 | 4 |\n';
    const { server } = await gatedServer(pieces(table));
    const screen = await askScreen(server.url, 24);
    expect(screen.join('\n')).not.toContain('| one');
    const from = screen.indexOf('first column: one');
    expect(from).toBeGreaterThanOrEqual(0);
    expect(screen.slice(from, from + 4)).toEqual(['first column: one', 'second column: two', 'third column: three', 'fourth column: four']);
    expect(screen).toContain('fourth column: 4');
  });

  it('a long code line wraps inside the block, under its indent', async () => {
    const code = `const result = ${Array.from({ length: 12 }, (_, i) => `call${i}()`).join(' + ')};`;
    const { server } = await gatedServer(pieces(`\`\`\`\n${code}\n\`\`\`\ndone\n`));
    const screen = await askScreen(server.url, 40);
    const first = screen.findIndex((row) => row.startsWith('  const result'));
    const last = screen.indexOf('└─');
    expect(first).toBeGreaterThan(0);
    const rows = screen.slice(first, last);
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(row.startsWith('  ')).toBe(true);
    expect(rows.map((row) => row.slice(2)).join('')).toBe(code);
  });

  it('a code line streaming when the window is resized keeps its indent, and wraps inside the block', async () => {
    const code = `let total = ${Array.from({ length: 10 }, (_, i) => `part${i}`).join(' + ')};`;
    const { server, release, waiting } = await gatedServer(['```\nlet a = 1;\n', code.slice(0, 20)], [code.slice(20), '\n```\ndone\n']);
    session = spawnPty(process.execPath, [BIN, 'ask', '-p', 'openai', '--base-url', server.url, '--no-history', 'go'], { env: cleanEnv(tempHome()), cols: 100, rows: 30 });
    await waiting;
    await session.waitFor(code.slice(0, 20));
    session.resize(40, 30);
    await new Promise((r) => setTimeout(r, 150));
    release();
    expect(await session.exited).toBe(0);
    const screen = await screenAfter(session.parts(), 100, 30);
    const first = screen.findIndex((row) => row.includes('let total'));
    const last = screen.indexOf('└─');
    const rows = screen.slice(first, last);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.startsWith('  ')).toBe(true);
    expect(rows.map((row) => row.slice(2)).join('')).toBe(code);
  });
});
