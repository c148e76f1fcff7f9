import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnInPty, type PtySession } from '../helpers/pty.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { startServer, streamOpenAI } from '../helpers/loopback-server.js';

let session: PtySession | undefined;
afterEach(() => {
  session?.kill();
  session = undefined;
});

describe('prompts in a real terminal', () => {
  it('keys set reads the key hidden and stores it with mode 0600', async () => {
    const home = tempHome();
    const secret = 'sk-typed-in-secret-987654';
    session = spawnInPty(['keys', 'set', 'openai'], { home });
    await session.waitFor('API key for OpenAI');
    session.write(`${secret}\r`);
    expect(await session.exited).toBe(0);
    expect(session.output()).not.toContain(secret);
    expect(JSON.parse(readFileSync(join(home, 'keys.json'), 'utf8'))).toEqual({ openai: secret });
    expect(statSync(join(home, 'keys.json')).mode & 0o777).toBe(0o600);
  });

  it('Ctrl-C at the key prompt leaves quietly with 130, storing nothing', async () => {
    const home = tempHome();
    session = spawnInPty(['keys', 'set', 'openai'], { home });
    await session.waitFor('API key for OpenAI');
    session.write('\u0003');
    expect(await session.exited).toBe(130);
    expect(session.output()).not.toMatch(/bug|force closed|\n\s+at /i);
    expect(existsSync(join(home, 'keys.json'))).toBe(false);
  });

  it('history rm asks before removing, and keeps the conversation on no', async () => {
    const home = tempHome();
    const server = await startServer((_req, res) => streamOpenAI(res, ['ok']));
    await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--session', 'keepme', 'q'], { home, env: { OPENAI_API_KEY: 'sk-00000000' } });
    await server.close();
    const file = join(home, 'conversations', 'keepme.jsonl');
    session = spawnInPty(['history', 'rm', 'keepme'], { home });
    await session.waitFor('Remove conversation keepme?');
    session.write('n\r');
    expect(await session.exited).toBe(0);
    expect(existsSync(file)).toBe(true);
    session = spawnInPty(['history', 'rm', 'keepme'], { home });
    await session.waitFor('Remove conversation keepme?');
    session.write('y\r');
    expect(await session.exited).toBe(0);
    expect(existsSync(file)).toBe(false);
  });
});
