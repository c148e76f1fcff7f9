import { afterEach, describe, expect, it } from 'vitest';
import { spawnPty, type PtySession } from '../helpers/pty.js';
import { BIN, cleanEnv, tempHome } from '../helpers/run-cli.js';
import { screenAfter } from '../helpers/virtual-screen.js';

let session: PtySession | undefined;
afterEach(() => {
  session?.kill();
  session = undefined;
});

/** Rows the terminal had to wrap itself (the virtual screen joins them back into one line). */
const tooWide = (screen: string[], cols: number) => screen.filter((row) => row.length > cols && !row.startsWith('› '));

describe('our own text fits the window', () => {
  it('/help and a slash command error wrap at spaces, a summary continuing under its column', async () => {
    const cols = 60;
    session = spawnPty(process.execPath, [BIN, 'chat', '-p', 'openai', '--base-url', 'http://127.0.0.1:9/v1', '--no-history', '-q'], { env: cleanEnv(tempHome()), cols, rows: 60 });
    await session.waitFor('› ');
    session.write('/help\r');
    const help = await session.waitFor('leaves.');
    session.write(`/file ${'/no/such/folder/'.repeat(3)}file-with-a-name-long-enough.txt\r`);
    await session.waitFor(/g4f-chat:[^]*› /, { from: help });
    const screen = await screenAfter(session.parts(), cols, 60);
    expect(tooWide(screen, cols)).toEqual([]);
    // A summary too long for its row goes on under the summary column, not at column 0.
    const summaryColumn = screen.find((row) => row.startsWith('  /help'))!.indexOf('show the commands');
    const continued = screen.filter((row) => /^\s+\S/.test(row) && row.search(/\S/) === summaryColumn);
    expect(continued.length).toBeGreaterThan(0);
    expect(screen.join(' ').replace(/\s+/g, ' ')).toContain('Ctrl-R searches what you typed before; Ctrl-X Ctrl-E edits the line in $EDITOR.');
    session.write('\u0004');
    expect(await session.exited).toBe(0);
  });

  it('`providers` at 80 columns is stacked: each provider a heading and its details under it', async () => {
    const cols = 80;
    session = spawnPty(process.execPath, [BIN, 'providers'], { env: cleanEnv(tempHome()), cols, rows: 200 });
    expect(await session.exited).toBe(0);
    const screen = await screenAfter(session.parts(), cols, 200);
    expect(tooWide(screen, cols)).toEqual([]);
    const openai = screen.findIndex((row) => /^openai\s+OpenAI$/.test(row));
    expect(openai).toBeGreaterThanOrEqual(0);
    const details = screen.slice(openai + 1, openai + 4).join(' ');
    for (const pair of ['reach: keyed', 'key: OPENAI_API_KEY', 'working: yes', 'default model: gpt-4o-mini', 'last seen: -']) expect(details).toContain(pair);
  });

  it('`providers <id>` wraps its long lines under their values', async () => {
    const cols = 50;
    session = spawnPty(process.execPath, [BIN, 'providers', 'openai'], { env: cleanEnv(tempHome()), cols, rows: 80 });
    expect(await session.exited).toBe(0);
    const screen = await screenAfter(session.parts(), cols, 80);
    expect(tooWide(screen, cols)).toEqual([]);
  });
});
