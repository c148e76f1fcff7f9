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

const COLS = 100;
const ROWS = 30;

/** Streams `answer `, then waits for `release()` before `done here` and the usage (10 tokens out). */
async function gatedServer() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = await serve(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(openAIChunk('answer '));
    await released;
    res.end(`${openAIChunk('done here')}data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":10,"total_tokens":13}}\n\ndata: [DONE]\n\n`);
  });
  return { server, release };
}

/** Types `keys` while the first answer streams; returns the screen once `settled` is on it after the answer. */
async function typeAhead(keys: string, settled: RegExp): Promise<string[]> {
  const { server, release } = await gatedServer();
  session = spawnPty(process.execPath, [BIN, 'chat', '-p', 'openai', '--base-url', server.url, '-m', 'gpt-4o-mini', '--no-history'], { env: cleanEnv(tempHome()), cols: COLS, rows: ROWS });
  await session.waitFor('› ');
  session.write('first\r');
  await session.waitFor('answer ');
  session.write(keys);
  // The keys reach the chat while the answer still streams (a pty delivers them in well under this).
  await new Promise((resolve) => setTimeout(resolve, 200));
  release();
  const answered = await session.waitFor('done here');
  await session.waitFor(settled, { from: answered });
  return screenAfter([session.output()], COLS, ROWS);
}

describe('lines typed while an answer streams', () => {
  it('a command and an unfinished line: the command runs on its prompt, the rest waits on the next prompt, nothing glued to the output', async () => {
    // The last line has no Enter yet: it must show on the next prompt only, not before /stats's output.
    const screen = await typeAhead('/stats\r!echo typed ahead', /answering[^›]*›[^›]*!echo typed ahead/);
    const after = screen.slice(screen.findIndex((line) => line === 'answer done here'));
    expect(after[1]).toMatch(/^openai · gpt-4o-mini · 10 tokens/);
    expect(after[2]).toBe('› /stats');
    expect(after[3]).toMatch(/^1 answers · 3 tokens in · 10 tokens out · [\d.]+s answering/);
    expect(after[4]).toBe('› !echo typed ahead');
    expect(after).toHaveLength(5);
  });

  it('two lines with Enter: each is echoed on a prompt of its own, after the output of the one before', async () => {
    const screen = await typeAhead('!echo typed ahead\r/stats\r', /answering[^›]*› /);
    const after = screen.slice(screen.findIndex((line) => line === 'answer done here'));
    expect(after.slice(1, 4)).toEqual([expect.stringMatching(/^openai · gpt-4o-mini · 10 tokens/), '› !echo typed ahead', 'typed ahead']);
    expect(after[4]).toMatch(/^\(exit 0\)/);
    expect(after[5]).toBe('› /stats');
    expect(after[6]).toMatch(/^1 answers · /);
    expect(after[7]).toMatch(/^› ?$/);
  });
});
