import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { spawnInPty, type PtySession } from '../helpers/pty.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { screenAfter } from '../helpers/virtual-screen.js';

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});

const SENTENCE = 'The quick brown fox jumps over the lazy dog while the patient cat watches from the windowsill and wonders why anyone would bother.';

describe('a saved conversation shown again', () => {
  it('/history shows an answer wrapped as it was shown, one sentence over two rows at 100 columns', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, [SENTENCE]));
    session = spawnInPty(['chat', '-p', 'openai', '--base-url', server.url, '-m', 'm', '--no-history'], { home: tempHome() });
    await session.waitFor('› ');
    session.write('hi\r');
    const answered = await session.waitFor('bother.');
    await session.waitFor('› ', { from: answered });
    const from = session.output().length;
    session.write('/history\r');
    const shown = await session.waitFor('bother.', { from });
    await session.waitFor('› ', { from: shown });
    const screen = await screenAfter(session.parts(), 100, 30);
    const at = screen.lastIndexOf('assistant:');
    expect(screen.slice(at + 1, at + 3)).toEqual([
      'The quick brown fox jumps over the lazy dog while the patient cat watches from the windowsill and',
      'wonders why anyone would bother.',
    ]);
  });

  it('history show through a pager prints a table once, with no control characters in it', async () => {
    const home = tempHome();
    const table = '| name | size |\n|---|---|\n| alpha | 1 |\n| beta | 22 |';
    const filler = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n\n');
    const server = await serve((_req, res) => streamOpenAI(res, [`${table}\n\n${filler}`]));
    expect((await runCli(['ask', '-p', 'openai', '--base-url', server.url, '-m', 'm', 'a table please'], { home })).code).toBe(0);
    // `cat -v` shows what a pager is handed: a carriage return as ^M, a cursor movement as ^[[1A.
    const [saved] = JSON.parse((await runCli(['history', '--json'], { home })).stdout) as Array<{ id: string }>;
    session = spawnInPty(['history', 'show', saved!.id], { home, env: { PAGER: 'cat -v', NO_COLOR: '1' } });
    expect(await session.exited).toBe(0);
    const screen = (await screenAfter(session.parts(), 100, 30)).join('\n');
    expect(screen).not.toMatch(/\^M|\^\[\[\d*A|\^\[\[J/);
    expect(screen.match(/alpha/g)).toHaveLength(1);
    // Laid out once: the raw markdown row is not there.
    expect(screen).not.toContain('| alpha |');
    expect(screen).toMatch(/^alpha\S* /m);
  });
});

describe('keys at the chat prompt', () => {
  it('Esc at the prompt does not eat the Ctrl-D after it', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    session = spawnInPty(['chat', '-p', 'openai', '--base-url', server.url, '-m', 'm', '--no-history'], { home: tempHome() });
    await session.waitFor('› ');
    session.write('\u001b');
    await new Promise((resolve) => setTimeout(resolve, 300));
    session.write('\u0004');
    const exited = await Promise.race([session.exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 6000))]);
    expect(exited).toBe(0);
  });
});
