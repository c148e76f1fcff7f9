import { readFileSync, statSync, writeFileSync, chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);
const KEY = { OPENAI_API_KEY: 'sk-test-1234567890abcdef' };

describe('roles', () => {
  it('a role made with roles create puts its system prompt, model and temperature on the wire', async () => {
    const home = tempHome();
    const created = await runCli(['roles', 'create', 'reviewer', '--system', 'You review code: bugs first.', '--model', 'gpt-4o', '-t', '0.2', '--description', 'code review'], { home });
    expect(created.code).toBe(0);
    const file = join(home, 'roles', 'reviewer.md');
    expect(readFileSync(file, 'utf8')).toBe('---\ndescription: code review\nmodel: gpt-4o\ntemperature: 0.2\n---\nYou review code: bugs first.\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const server = await serve((_req, res) => streamOpenAI(res, ['looks fine']));
    const asked = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--no-history', '--role', 'reviewer', 'check this'], { home, env: KEY });
    expect(asked.stdout).toBe('looks fine\n');
    const body = JSON.parse(server.requests[0].body);
    expect(body.model).toBe('gpt-4o');
    expect(body.temperature).toBe(0.2);
    expect(body.messages).toEqual([{ role: 'system', content: 'You review code: bugs first.' }, { role: 'user', content: 'check this' }]);
    // Flags still win over the role.
    await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--no-history', '--role', 'reviewer', '-m', 'gpt-4o-mini', 'x'], { home, env: KEY });
    expect(JSON.parse(server.requests[1].body).model).toBe('gpt-4o-mini');
    // An existing role is kept unless --force.
    const again = await runCli(['roles', 'create', 'reviewer', '--system', 'other'], { home });
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('the role reviewer exists')]);
  });

  it('lists built-in and own roles, shows one, takes the prompt from stdin, and refuses bad files and names', async () => {
    const home = tempHome();
    await runCli(['roles', 'create', 'poet'], { home, input: 'Answer in verse.\n' });
    const list = await runCli(['roles'], { home });
    expect(list.stdout).toMatch(/^name\s+source\s+model\s+description$/m);
    for (const name of ['code', 'explain', 'poet', 'shell']) expect(list.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    expect(list.stdout).toMatch(/^poet\s+file\s+Answer in verse\.$/m);
    const shell = await runCli(['roles', 'show', 'shell'], { home, env: { SHELL: '/usr/bin/fish' } });
    expect(shell.stdout).toMatch(/^# shell \(built-in\)\n/);
    expect(shell.stdout).toContain('fish on Linux');
    writeFileSync(join(home, 'roles', 'broken.md'), '---\ncolour: blue\n---\nhi\n');
    const broken = await runCli(['ask', '--role', 'broken', 'x'], { home });
    expect([broken.code, broken.stderr]).toEqual([2, expect.stringMatching(/"colour: blue" is not a known setting/)]);
    const missing = await runCli(['ask', '--role', 'nobody', 'x'], { home });
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('no role named nobody')]);
    const badName = await runCli(['roles', 'create', '../escape', '--system', 'x'], { home });
    expect(badName.code).toBe(2);
  });

  it('roles edit opens $EDITOR on the file (a built-in copied first) and checks it afterwards', async () => {
    const home = tempHome();
    const dir = mkdtempSync(join(tmpdir(), 'g4f-editor-'));
    const editor = join(dir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nprintf "Keep it short.\\n" >> "$1"\n');
    chmodSync(editor, 0o755);
    const edited = await runCli(['roles', 'edit', 'explain'], { home, env: { EDITOR: editor, VISUAL: '' } });
    expect(edited.code).toBe(0);
    const text = readFileSync(join(home, 'roles', 'explain.md'), 'utf8');
    expect(text).toMatch(/^---\ndescription: explains code.*\n---\nExplain what you are given/);
    expect(text.endsWith('Keep it short.\n')).toBe(true);
    const shown = await runCli(['roles', 'show', 'explain'], { home });
    expect(shown.stdout).toMatch(/^# explain \(.*explain\.md\)/);
  });

  it('/role and /file in chat change the next request', async () => {
    const home = tempHome();
    await runCli(['roles', 'create', 'terse', '--system', 'One line only.'], { home });
    const cwd = mkdtempSync(join(tmpdir(), 'g4f-chatfile-'));
    writeFileSync(join(cwd, 'todo.txt'), 'buy milk\n');
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    const chat = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '--no-history'], { home, cwd, env: KEY, input: '/role terse\n/file todo.txt\nwhat is left?\nand now?\n' });
    expect(chat.code).toBe(0);
    const first = JSON.parse(server.requests[0].body).messages;
    expect(first).toEqual([{ role: 'system', content: 'One line only.' }, { role: 'user', content: '### todo.txt\n```\nbuy milk\n```\n\nwhat is left?' }]);
    // Attachments go with one message only.
    expect(JSON.parse(server.requests[1].body).messages.at(-1)).toEqual({ role: 'user', content: 'and now?' });
    expect(chat.stderr).toContain('attached todo.txt (9 bytes); it goes with your next message');
  });
});
