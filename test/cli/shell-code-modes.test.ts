import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { spawnInPty, type PtySession } from '../helpers/pty.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});
const env = { OPENAI_API_KEY: 'sk-test-1234567890abcdef', SHELL: '/bin/sh' };

/** A model that suggests writing `ran` into `target`, in a fence, and describes commands when asked. */
async function commandServer(target: string) {
  return serve((req, res) => {
    const last = JSON.parse(req.body).messages.at(-1).content as string;
    if (last.startsWith('Describe briefly')) return streamOpenAI(res, ['It **writes** a file.']);
    streamOpenAI(res, ['```sh\n', `echo ran > ${target}\n`, '```']);
  });
}

describe('ask --shell', () => {
  it('on a terminal: a aborts and runs nothing; d describes, then e runs the command in the shell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'g4f-shell-'));
    const target = join(dir, 'out.txt');
    const server = await commandServer(target);
    const home = tempHome();
    session = spawnInPty(['ask', '--shell', '-p', 'openai', '--base-url', server.url, 'make a file'], { home, env });
    await session.waitFor('[e]xecute, [d]escribe, [a]bort');
    expect(session.output()).toContain(`echo ran > ${target}`);
    session.write('a');
    expect(await session.exited).toBe(0);
    expect(session.output()).toContain('aborted; nothing was run');
    expect(existsSync(target)).toBe(false);
    const system = JSON.parse(server.requests[0].body).messages[0];
    expect(system.role).toBe('system');
    expect(system.content).toContain('sh on Linux');

    session = spawnInPty(['ask', '--shell', '-p', 'openai', '--base-url', server.url, 'make a file'], { home, env });
    await session.waitFor('[a]bort');
    session.write('d');
    const described = await session.waitFor('It ');
    await session.waitFor('[a]bort', { from: described });
    expect(JSON.parse(server.requests.at(-1)!.body).messages).toEqual([{ role: 'user', content: expect.stringMatching(/^Describe briefly what this sh on Linux command does.*\n\necho ran > /s) }]);
    expect(existsSync(target)).toBe(false);
    session.write('e');
    expect(await session.exited).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('ran\n');
  });

  it('in a pipe the command is printed and never run; --yes is refused, --shell-yes runs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'g4f-shell-'));
    const target = join(dir, 'out.txt');
    const server = await commandServer(target);
    const piped = await runCli(['ask', '--shell', '-p', 'openai', '--base-url', server.url, '--no-history', 'make a file'], { env });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(`echo ran > ${target}\n`);
    expect(existsSync(target)).toBe(false);
    const yes = await runCli(['ask', '--shell', '--yes', '-p', 'openai', '--base-url', server.url, 'make a file'], { env });
    expect([yes.code, yes.stderr]).toEqual([2, expect.stringContaining('spell out --shell-yes')]);
    expect(server.requests).toHaveLength(1);
    const ran = await runCli(['ask', '--shell-yes', '-p', 'openai', '--base-url', server.url, '--no-history', 'make a file'], { env });
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain(`running: echo ran > ${target}`);
    expect(readFileSync(target, 'utf8')).toBe('ran\n');
  });
});

describe('ask --code', () => {
  it('strips the fences the model adds and the prose around them, byte for byte otherwise', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['Here you go:\n``', '`py', 'thon\nimport sys\n\nprint(sum(map(int, sys.argv[1:])))\n`', '``\nHope it helps!']));
    const result = await runCli(['ask', '--code', '-p', 'openai', '--base-url', server.url, '--no-history', 'sum args'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('import sys\n\nprint(sum(map(int, sys.argv[1:])))\n');
    expect(JSON.parse(server.requests[0].body).messages[0].content).toMatch(/^Answer with code only/);
    const plain = await serve((_req, res) => streamOpenAI(res, ['SELECT 1;\n', 'SELECT `x` FROM t;']));
    const unfenced = await runCli(['ask', '--code', '-p', 'openai', '--base-url', plain.url, '--no-history', 'sql'], { env });
    expect(unfenced.stdout).toBe('SELECT 1;\nSELECT `x` FROM t;\n');
  });
});

describe('a bare prompt', () => {
  it('g4f-chat "question" is ask; a lone typo of a command is refused, never sent', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['because of Rayleigh scattering']));
    const result = await runCli(['why is the sky blue?', '-p', 'openai', '--base-url', server.url, '--no-history'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('because of Rayleigh scattering\n');
    const flagsFirst = await runCli(['-p', 'openai', '--base-url', server.url, '--no-history', 'and', 'the', 'sunset?'], { env });
    expect(flagsFirst.stdout).toBe('because of Rayleigh scattering\n');
    expect(JSON.parse(server.requests[1].body).messages[0].content).toBe('and the sunset?');
    const typo = await runCli(['chta', '-p', 'openai', '--base-url', server.url], { env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown command 'chta'[\s\S]*chat/);
    expect(server.requests).toHaveLength(2);
  });

  it('g4f-chat alone on a terminal opens the chat', async () => {
    session = spawnInPty([], { home: tempHome(), env });
    await session.waitFor('/help for commands');
    session.write('\x04');
    expect(await session.exited).toBe(0);
  });
});
