import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { spawnPty, type PtySession } from '../helpers/pty.js';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});

describe('chat habits', () => {
  it('a scripted chat exits 1 when a turn failed, 0 when none did', async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls += 1;
      if (calls === 2) return sendJson(res, 400, { error: { message: 'bad turn' } });
      streamOpenAI(res, [`answer ${calls}`]);
    });
    const failing = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '--no-history'], { input: 'one\ntwo\nthree\n' });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('answer 3');
    const fine = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '--no-history'], { input: 'four\n' });
    expect(fine.code).toBe(0);
  });

  it('/retry after a failed request asks the failed question again', async () => {
    let calls = 0;
    const server = await serve((req, res) => {
      calls += 1;
      if (calls === 1) return sendJson(res, 400, { error: { message: 'try again' } });
      streamOpenAI(res, [`answer to ${JSON.parse(req.body).messages.at(-1).content}`]);
    });
    const result = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '--no-history'], { input: 'the question\n/retry\n' });
    expect(result.stdout).toContain('answer to the question');
    expect(result.stderr).not.toMatch(/nothing to retry/);
  });

  it('with stdin a terminal but stdout a pipe, the prompt stays on the terminal and the answers go down the pipe as sent; Ctrl-D ends with a newline', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['**raw** answer\u001b[31m']));
    const log = join(mkdtempSync(join(tmpdir(), 'g4f-tee-')), 'log.txt');
    session = spawnPty('/bin/sh', ['-c', `"${process.execPath}" "${BIN}" chat -p openai --base-url ${server.url} --no-history | cat > ${log}`], { env: cleanEnv(tempHome()), cols: 100, rows: 30 });
    await session.waitFor('the prompt stays on this terminal');
    await session.waitFor('› ');
    session.write('hi\r');
    const asked = session.output().length;
    await session.waitFor('› ', { from: asked });
    session.write('\u001b[A');
    await session.waitFor('hi', { from: asked });
    session.write('\u0015\u0004');
    expect(await session.exited).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('**raw** answer\u001b[31m\n');
    expect(session.output()).not.toContain('**raw** answer');

    session = spawnPty(process.execPath, [BIN, 'chat', '-p', 'openai', '--base-url', server.url, '--no-history'], { env: cleanEnv(tempHome()), cols: 100, rows: 30 });
    const prompt = await session.waitFor('› ');
    session.write('\u0004');
    expect(await session.exited).toBe(0);
    expect(session.output().slice(prompt)).toMatch(/› [^\n]*\r?\n/);
  });
});

describe('Tab completion in a real terminal', () => {
  it('completes a command, a provider id and a model, each with a trailing space', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    session = spawnPty(process.execPath, [BIN, 'chat', '-p', 'openai', '--base-url', server.url, '--no-history'], { env: cleanEnv(tempHome()), cols: 100, rows: 30 });
    await session.waitFor('› ');
    session.write('/provi\t');
    await session.waitFor('/provider ');
    session.write('olla\t');
    await session.waitFor('/provider ollama ');
    session.write('\u0015/model gpt-4.1-n\t');
    await session.waitFor('/model gpt-4.1-nano ');
    // Ctrl-U clears the line, then Ctrl-D on the empty line leaves.
    session.write('\u0015');
    session.write('\u0004');
    expect(await session.exited).toBe(0);
  });
});

describe('NO_COLOR on a terminal', () => {
  it('keeps bold and underline in a styled answer, and drops colour', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['# Title\n\nsome **bold** and `code`\n']));
    session = spawnPty(process.execPath, [BIN, 'ask', '-p', 'openai', '--base-url', server.url, '--no-history', 'q'], { env: { ...cleanEnv(tempHome()), NO_COLOR: '1' }, cols: 100, rows: 30 });
    expect(await session.exited).toBe(0);
    const screen = session.output();
    expect(screen).toMatch(/\u001b\[1m/);
    expect(screen).toMatch(/\u001b\[4m/);
    expect(screen).not.toMatch(/\u001b\[(3[0-7]|9[0-7])m/);
  });
});

describe('/model in a real terminal', () => {
  it('picks from the models the server lists, as `g4f-chat models` does', async () => {
    const server = await serve((req, res) => {
      if (req.method === 'GET') return sendJson(res, 200, { data: [{ id: 'live-one' }, { id: 'live-two' }] });
      streamOpenAI(res, [`model was ${JSON.parse(req.body).model}`]);
    }, { listsModels: true });
    session = spawnPty(process.execPath, [BIN, 'chat', '-p', 'openai', '--base-url', server.url, '--no-history'], { env: cleanEnv(tempHome()), cols: 100, rows: 30 });
    await session.waitFor('› ');
    session.write('/model\r');
    await session.waitFor('live-two');
    session.write('\u001b[B');
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.write('\r');
    await session.waitFor('model live-two');
    session.write('hi\r');
    await session.waitFor('model was live-two');
    expect(server.requests.filter((r) => r.method === 'GET').map((r) => r.url)).toEqual(['/models']);
  });
});
