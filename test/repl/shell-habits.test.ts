import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, openAIChunk, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { spawnPty, type PtySession } from '../helpers/pty.js';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});

/** Answers `answer to <question>`; the first answer waits for `release()` when gated. */
async function echoServer(gated = false) {
  let release!: () => void;
  const released = gated ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  const server = await serve(async (req, res) => {
    const question = JSON.parse(req.body).messages.at(-1).content as string;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(openAIChunk('answer '));
    await released;
    res.end(`${openAIChunk(`to ${question}`)}data: [DONE]\n\n`);
  });
  return { server, release: () => release?.() };
}
/** Text on the screen, allowing the cursor and style codes readline puts between the prompt and the line. */
const shown = (before: string, after: string) => new RegExp(`${escape(before)}(\u001b\\[[0-9;]*[A-Za-z])*${escape(after)}`);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const questions = (server: { requests: Array<{ body: string; method: string }> }) =>
  server.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body).messages.at(-1).content as string);

function chat(url: string, env: Record<string, string> = {}, home = tempHome()): PtySession {
  return spawnPty(process.execPath, [BIN, 'chat', '-p', 'openai', '--base-url', url, '--no-history', '-q'], { env: { ...cleanEnv(home), ...env }, cols: 100, rows: 30 });
}

describe('editing like a good shell', () => {
  it('keeps keys typed while an answer streams for the next prompt', async () => {
    const { server, release } = await echoServer(true);
    session = chat(server.url);
    await session.waitFor('› ');
    session.write('first\r');
    await session.waitFor('answer ');
    session.write('typed ahead');
    await new Promise((r) => setTimeout(r, 100));
    release();
    const answered = await session.waitFor('to first');
    await session.waitFor(shown('› ', 'typed ahead'), { from: answered });
    session.write('\r');
    await session.waitFor('to typed ahead');
    expect(questions(server)).toEqual(['first', 'typed ahead']);
    session.write('\u0004');
    expect(await session.exited).toBe(0);
  });

  it('Ctrl-R finds an earlier input; Ctrl-R again an older one; Enter sends it', async () => {
    const { server } = await echoServer();
    const home = tempHome();
    writeFileSync(join(home, 'input-history'), '');
    session = chat(server.url, {}, home);
    await session.waitFor('› ');
    for (const line of ['deploy the app', 'check the logs', 'deploy the docs']) {
      const from = session.output().length;
      session.write(`${line}\r`);
      await session.waitFor(`to ${line}`, { from });
      await session.waitFor('› ', { from });
    }
    const from = session.output().length;
    session.write('\u0012dep');
    await session.waitFor(shown("(reverse-i-search)`dep': ", 'deploy the docs'), { from });
    session.write('\u0012');
    await session.waitFor(shown("(reverse-i-search)`dep': ", 'deploy the app'), { from });
    session.write('\r');
    await session.waitFor('to deploy the app', { from });
    expect(questions(server).at(-1)).toBe('deploy the app');
    // Ctrl-G gives the line back as it was.
    const again = session.output().length;
    session.write('half\u0012log\u0007 done\r');
    await session.waitFor('to half done', { from: again });
    session.write('\u0004');
    expect(await session.exited).toBe(0);
  });

  it('Ctrl-X Ctrl-E and /edit open $EDITOR; the edited text waits on the prompt for Enter', async () => {
    const { server } = await echoServer();
    const dir = mkdtempSync(join(tmpdir(), 'g4f-editor-'));
    const editor = join(dir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nprintf "%s edited\\nsecond line\\n" "$(cat "$1")" > "$1"\n');
    chmodSync(editor, 0o755);
    session = chat(server.url, { EDITOR: editor, VISUAL: '' });
    await session.waitFor('› ');
    session.write('draft\u0018\u0005');
    await session.waitFor('draft edited');
    expect(questions(server)).toEqual([]);
    session.write('\r');
    await session.waitFor('to draft edited');
    expect(questions(server)).toEqual(['draft edited\nsecond line']);
    const from = session.output().length;
    session.write('/edit note\r');
    await session.waitFor('note edited', { from });
    expect(questions(server)).toHaveLength(1);
    session.write('\r');
    await session.waitFor('to note edited', { from });
    session.write('\u0004');
    expect(await session.exited).toBe(0);
  });

  it('!command runs in the shell, shows its output and offers it with the next message', async () => {
    const { server } = await echoServer();
    session = chat(server.url, { SHELL: '/bin/sh' });
    await session.waitFor('› ');
    session.write('!echo hello from the shell\r');
    await session.waitFor('the output goes with your next message');
    expect(session.output()).toContain('hello from the shell');
    expect(questions(server)).toEqual([]);
    session.write('explain\r');
    await session.waitFor('answer to');
    expect(questions(server)).toEqual(['### $ echo hello from the shell\n```\nhello from the shell\n```\n\nexplain']);
    session.write('\u0004');
    expect(await session.exited).toBe(0);
  });

  it('in a scripted chat a line starting with ! is a message, never run', async () => {
    const { server } = await echoServer();
    const target = join(mkdtempSync(join(tmpdir(), 'g4f-bang-')), 'made');
    const result = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '--no-history'], { input: `!touch ${target}\n`, env: { SHELL: '/bin/sh' } });
    expect(result.code).toBe(0);
    expect(existsSync(target)).toBe(false);
    expect(questions(server)).toEqual([`!touch ${target}`]);
  });

  it('Esc closes the /provider picker without changing anything', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    session = chat(server.url);
    await session.waitFor('› ');
    session.write('/provider\r');
    await session.waitFor('Provider');
    await new Promise((r) => setTimeout(r, 100));
    session.write('\u001b');
    const from = session.output().length;
    await session.waitFor('› ', { from });
    session.write('/provider\r');
    await session.waitFor('Provider', { from });
    session.write('\u001b');
    const back = session.output().length;
    await session.waitFor('› ', { from: back });
    session.write('/model\r');
    await session.waitFor('Model', { from: back });
    session.write('\u001b');
    await session.waitFor('› ', { from: session.output().length });
    session.write('hi\r');
    await session.waitFor('ok');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    session.write('\u0004');
    expect(await session.exited).toBe(0);
  });
});
