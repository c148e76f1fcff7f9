import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { spawnPty, type PtySession } from '../helpers/pty.js';
import { BIN, cleanEnv, tempHome } from '../helpers/run-cli.js';

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});

describe('a terminal that reports 0 columns (serial consoles, docker -t before its first resize)', () => {
  it('the spinner runs, Ctrl-C ends the run with 130, and an answer renders', async () => {
    const silent = await serve(() => undefined);
    // The shell sets the width to 0, then becomes g4f-chat.
    session = spawnPty('/bin/sh', ['-c', `stty cols 0 rows 0; exec "${process.execPath}" "${BIN}" ask -p openai --base-url ${silent.url} hi`], {
      env: cleanEnv(tempHome()),
      cols: 80,
      rows: 24,
    });
    await session.waitFor('thinking');
    session.write('\u0003');
    expect(await session.exited).toBe(130);

    const answering = await serve((_req, res) => setTimeout(() => streamOpenAI(res, ['# Title\n\nsome *text* here\n']), 300));
    session = spawnPty('/bin/sh', ['-c', `stty cols 0 rows 0; exec "${process.execPath}" "${BIN}" ask -p openai --base-url ${answering.url} hi`], {
      env: cleanEnv(tempHome()),
      cols: 80,
      rows: 24,
    });
    expect(await session.exited).toBe(0);
    expect(session.output()).toContain("some");
  }, 20_000);
});
