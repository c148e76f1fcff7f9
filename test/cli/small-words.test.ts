import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';

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
