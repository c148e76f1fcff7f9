import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, startServer, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

describe('a glob the shell expanded into the whole prompt', () => {
  it('exits 2 with the quoted form and sends nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'g4f-glob-'));
    mkdirSync(join(dir, 'src'));
    for (const name of ['a.ts', 'b.ts', 'c.ts']) writeFileSync(join(dir, 'src', name), `// ${name}\n`);
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    // What `ask -f src/*.ts` becomes once the shell has expanded it.
    const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '-m', 'm', '-f', 'src/a.ts', 'src/b.ts', 'src/c.ts'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/every word of the prompt is a file \(3 paths\): the shell expanded a glob/);
    expect(result.stderr).toContain(`g4f-chat ask -f 'src/*.ts' "…"`);
    // `ask *.md`, no -f: the same.
    const bare = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '-m', 'm', 'src/a.ts', 'src/b.ts'], { cwd: dir });
    expect(bare.code).toBe(2);
    expect(server.requests).toHaveLength(0);
    // A prompt with words of its own is still sent (the stray files are warned about).
    const mixed = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '-m', 'm', '-f', 'src/a.ts', 'src/b.ts', 'explain'], { cwd: dir });
    expect(mixed.code).toBe(0);
    expect(server.requests).toHaveLength(1);
  });
});

describe('management commands confirm what they did', () => {
  it('config unset says it removed the setting, or that it was not set', async () => {
    const home = tempHome();
    await runCli(['config', 'set', 'model', 'x'], { home });
    const unset = await runCli(['config', 'unset', 'model'], { home });
    expect([unset.code, unset.stderr]).toEqual([0, 'model unset\n']);
    const again = await runCli(['config', 'unset', 'model'], { home });
    expect([again.code, again.stderr]).toEqual([0, 'model was not set\n']);
  });

  it('keys alone lists the keys, as keys list does, and exits 0', async () => {
    const home = tempHome();
    const alone = await runCli(['keys'], { home, env: { GROQ_API_KEY: 'gsk-12345678' } });
    const list = await runCli(['keys', 'list'], { home, env: { GROQ_API_KEY: 'gsk-12345678' } });
    expect(alone.code).toBe(0);
    expect(alone.stdout).toBe(list.stdout);
    expect(alone.stdout).toMatch(/^groq /m);
  });

  it('a provider of your own with no model set shows the model it will use, not a placeholder', async () => {
    const home = tempHome();
    const server = await serve((req, res) => (req.method === 'GET' ? sendJson(res, 200, { data: [{ id: 'qwen-local' }] }) : streamOpenAI(res, ['ok'])), { listsModels: true });
    await runCli(['config', 'set', 'providers.mine.baseUrl', server.url], { home });
    const live = await runCli(['providers', 'mine'], { home });
    expect(live.stdout).toMatch(/default model: +qwen-local \(the first the server lists\)/);
    await runCli(['config', 'set', 'providers.gone.baseUrl', await closedAddress()], { home });
    const down = await runCli(['providers', 'gone'], { home });
    expect(down.stdout).toMatch(/default model: +the first model its server lists \(it did not answer now/);
    expect(down.stdout).not.toMatch(/default model: +default/);
    const table = await runCli(['providers'], { home });
    expect(table.stdout).toMatch(/^gone .*\(first listed\)/m);
  });

  it('ask --help shows --yes next to --shell', async () => {
    const help = await runCli(['ask', '--help']);
    expect(help.stdout).toMatch(/-y, --yes +with --shell: refused/);
  });
});

async function closedAddress(): Promise<string> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.url;
}
