import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { spawnPty, type PtySession } from '../helpers/pty.js';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';
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

/** An OpenAI-compatible server of the user's own that lists two models and answers with the model it was asked for. */
async function ownServer() {
  return serve((req, res) => {
    if (req.method === 'GET' && req.url.endsWith('/models')) return sendJson(res, 200, { object: 'list', data: [{ id: 'alpha-7b', object: 'model' }, { id: 'beta-13b', object: 'model' }] });
    streamOpenAI(res, [`model ${JSON.parse(req.body).model}`]);
  }, { listsModels: true });
}

describe('a provider of your own', () => {
  it('`providers mine` shows the model in use and the live list, and no Python params line', async () => {
    const server = await ownServer();
    const home = tempHome();
    expect((await runCli(['config', 'set', 'providers.mine.baseUrl', server.url], { home })).code).toBe(0);
    const shown = await runCli(['providers', 'mine'], { home });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/default model: +alpha-7b \(the first the server lists\)/);
    expect(shown.stdout).toMatch(/models: .*\n +alpha-7b \(default\)\n +beta-13b\n/);
    expect(shown.stdout).not.toContain('params:');
    expect(shown.stdout).not.toContain('supports: (');
    // The seed providers keep theirs.
    expect((await runCli(['providers', 'aichat'], { home })).stdout).toContain('params:         g4f.Providers.Aichat supports: (');
  });

  it('the chat header names the model in use; /model nosuch warns with the models listed; /load nosuch hints /sessions', async () => {
    const server = await ownServer();
    const home = tempHome();
    expect((await runCli(['config', 'set', 'providers.mine.baseUrl', server.url], { home })).code).toBe(0);
    session = spawnPty(process.execPath, [BIN, 'chat', '-p', 'mine'], { env: cleanEnv(home), cols: 100, rows: 30 });
    await session.waitFor('› ');
    expect(session.output()).toContain('g4f-chat · mine · alpha-7b ·');
    session.write('/model beta-13\r');
    const warned = await session.waitFor('warning:');
    await session.waitFor('› ', { from: warned });
    session.write('/load nosuch-conversation\r');
    const loaded = await session.waitFor('/sessions lists them');
    await session.waitFor('› ', { from: loaded });
    session.write('\u0004');
    expect(await session.exited).toBe(0);
    const text = (await screenAfter(session.parts(), 100, 30)).join('\n');
    // A short list is shown whole.
    expect(text).toContain('mine lists no model "beta-13"; it lists: alpha-7b, beta-13b');
    expect(text).not.toContain('g4f-chat history lists them');
  });
});

describe('history show on a terminal', () => {
  /** A saved conversation: a question with a file attached, and a markdown answer of `lines` list items. */
  function saved(home: string, lines: number): void {
    const dir = join(home, 'conversations');
    mkdirSync(dir, { recursive: true });
    const time = new Date().toISOString();
    const file = Array.from({ length: 40 }, (_, i) => `const line${i} = ${i};`).join('\n');
    const question = `### src/app.ts\n\`\`\`ts\n${file}\n\`\`\`\n\nwhat does it do?`;
    const answer = `It **sets** forty constants:\n\n${Array.from({ length: lines }, (_, i) => `- item ${i + 1}`).join('\n')}`;
    const records = [{ type: 'meta', created: time }, { role: 'user', content: question, time }, { role: 'assistant', content: answer, time, provider: 'openai', model: 'm' }];
    writeFileSync(join(dir, '20260101-000000-aaaa.jsonl'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  }

  it('renders the markdown like answers and shows an attachment as its heading and size', async () => {
    const home = tempHome();
    saved(home, 3);
    session = spawnPty(process.execPath, [BIN, 'history', 'show', '20260101-000000-aaaa'], { env: cleanEnv(home), cols: 80, rows: 40 });
    expect(await session.exited).toBe(0);
    const screen = await screenAfter(session.parts(), 80, 40);
    expect(screen).toContain('It sets forty constants:');
    expect(screen).toContain('• item 3');
    expect(screen.some((row) => /^src\/app\.ts \(attached: \d+ B, 40 lines\)$/.test(row))).toBe(true);
    expect(screen.join('\n')).not.toContain('const line7');
  });

  it('taller than the window, it goes through $PAGER (with LESS=FRX); shorter, straight to the terminal', async () => {
    const home = tempHome();
    saved(home, 60);
    const pager = { PAGER: 'sed "s/^/[$LESS] /"' };
    session = spawnPty(process.execPath, [BIN, 'history', 'show', '20260101-000000-aaaa'], { env: { ...cleanEnv(home), ...pager }, cols: 80, rows: 20 });
    expect(await session.exited).toBe(0);
    expect((await screenAfter(session.parts(), 80, 20)).filter((row) => row.startsWith('[FRX] ')).length).toBeGreaterThan(60);
    session = spawnPty(process.execPath, [BIN, 'history', 'show', '20260101-000000-aaaa'], { env: { ...cleanEnv(home), ...pager }, cols: 80, rows: 200 });
    expect(await session.exited).toBe(0);
    const screen = await screenAfter(session.parts(), 80, 200);
    expect(screen).toContain('• item 60');
    expect(screen.some((row) => row.startsWith('[FRX]'))).toBe(false);
  });
});

describe('/history in the chat', () => {
  it('styles the answers as they were shown and an attachment as its heading and size', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['the **bold** answer\n\n- one\n- two']));
    const dir = mkdtempSync(join(tmpdir(), 'g4f-history-'));
    writeFileSync(join(dir, 'notes.txt'), 'secret-looking line\n'.repeat(30));
    session = spawnPty(process.execPath, [BIN, 'chat', '-p', 'openai', '--base-url', server.url, '--no-history', '-q', '-f', join(dir, 'notes.txt')], { env: { ...cleanEnv(tempHome()), OPENAI_API_KEY: 'sk-test-1234567890abcdef' }, cols: 80, rows: 60 });
    await session.waitFor('› ');
    session.write('go\r');
    const answered = await session.waitFor('two');
    const prompt = await session.waitFor('› ', { from: answered });
    session.write('/history\r');
    const shown = await session.waitFor('assistant:', { from: prompt });
    await session.waitFor('› ', { from: shown });
    session.write('\u0004');
    expect(await session.exited).toBe(0);
    const screen = await screenAfter(session.parts(), 80, 60);
    const from = screen.findIndex((row) => row === 'you:');
    expect(from).toBeGreaterThan(0);
    const history = screen.slice(from);
    expect(history.some((row) => /notes\.txt \(attached: \d+ B, 30 lines\)$/.test(row))).toBe(true);
    expect(history.join('\n')).not.toContain('secret-looking line');
    expect(history).toContain('the bold answer');
    expect(history).toContain('• two');
  });
});
