import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { spawnInPty, type PtySession } from '../helpers/pty.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});

/** OSC 52 writes the clipboard; CSI 2J clears the screen; U+202E flips the text after it. */
const OSC52 = '\u001b]52;c;cm0gLXJmIH4=\u0007';
const HOSTILE = `${OSC52}evil\u001b[2Jname\u202etxt.exe\u009b31m`;

async function screenOf(args: string[], home: string): Promise<string> {
  session = spawnInPty(args, { home });
  await session.exited;
  return session.output();
}

function expectInert(screen: string): void {
  expect(screen).not.toContain('\u001b]52');
  expect(screen).not.toContain('\u001b[2J');
  expect(screen).not.toContain('\u202e');
  expect(screen).not.toContain('\u009b');
}

describe('text from outside reaches a terminal only through the sanitiser', () => {
  it('model names from a server, in `models`', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { models: [{ name: HOSTILE }, { name: 'llama3.2' }] }));
    session = spawnInPty(['models', 'ollama'], { home: tempHome(), env: { OLLAMA_HOST: server.url } });
    await session.exited;
    const screen = session.output();
    expectInert(screen);
    expect(screen).toContain('<U+202E>');
  });

  it('session titles and names in `history`, and JSON on a terminal', async () => {
    const home = tempHome();
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--session', `x${HOSTILE}`, `${HOSTILE} question`], { home });
    expectInert(await screenOf(['history'], home));
    expectInert(await screenOf(['history', '--json'], home));
  });

  it('a failing reason in `providers --check`', async () => {
    const server = await serve((_req, res) => sendJson(res, 500, { error: { message: HOSTILE } }));
    session = spawnInPty(['providers', '--check', '-p', 'ollama'], { home: tempHome(), env: { OLLAMA_HOST: server.url } });
    await session.exited;
    expectInert(session.output());
  });
});
