import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { spawnPty, type PtySession } from '../helpers/pty.js';
import { BIN, cleanEnv, tempHome } from '../helpers/run-cli.js';
import { screenAfter } from '../helpers/virtual-screen.js';

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});

describe('ask --shell on a terminal', () => {
  it('after [d]escribe scrolls the command away, it is shown again above the question', async () => {
    const command = 'tar -czf backup.tgz ./projects';
    const server = await serve((req, res) => {
      const last = JSON.parse(req.body).messages.at(-1).content as string;
      if (last.startsWith('Describe briefly')) return streamOpenAI(res, [Array.from({ length: 30 }, (_, i) => `- point ${i + 1} about the flags`).join('\n')]);
      streamOpenAI(res, ['```sh\n', `${command}\n`, '```']);
    });
    const rows = 12;
    session = spawnPty(process.execPath, [BIN, 'ask', '--shell', '-p', 'openai', '--base-url', server.url, '--no-history', 'back up'], { env: { ...cleanEnv(tempHome()), OPENAI_API_KEY: 'sk-test-1234567890abcdef', SHELL: '/bin/sh' }, cols: 80, rows });
    await session.waitFor('[a]bort');
    session.write('d');
    const described = await session.waitFor('point 30');
    await session.waitFor('[a]bort', { from: described });
    session.write('a');
    expect(await session.exited).toBe(0);
    // The window's last rows: the question, and the command right above it.
    const visible = (await screenAfter(session.parts(), 80, rows)).slice(-rows);
    const question = visible.findLastIndex((row) => row.includes('[e]xecute'));
    expect(visible.slice(0, question).findLastIndex((row) => row.includes('point 30'))).toBeGreaterThanOrEqual(0);
    expect(visible[question - 1]).toContain(command);
  });
});
