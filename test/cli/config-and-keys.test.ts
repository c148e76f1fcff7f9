import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, streamOpenAI, type LoopbackServer } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

let server: LoopbackServer;
let home: string;
beforeEach(async () => {
  home = tempHome();
  server = await startServer((_req, res) => streamOpenAI(res, ['ok']));
});
afterEach(() => server.close());

describe('config', () => {
  it('sets, gets, lists and unsets values, written atomically and privately', async () => {
    expect((await runCli(['config', 'set', 'temperature', '0.4'], { home })).code).toBe(0);
    expect((await runCli(['config', 'get', 'temperature'], { home })).stdout).toBe('0.4\n');
    expect(JSON.parse(readFileSync(join(home, 'config.json'), 'utf8'))).toEqual({ temperature: 0.4 });
    expect(statSync(join(home, 'config.json')).mode & 0o777).toBe(0o600);
    expect((await runCli(['config', 'list'], { home })).stdout).toMatch(/temperature = 0\.4/);
    await runCli(['config', 'unset', 'temperature'], { home });
    expect((await runCli(['config', 'get', 'temperature'], { home })).code).toBe(1);
  });

  it('rejects unknown keys and bad values with exit 2 and the valid choices', async () => {
    const unknown = await runCli(['config', 'set', 'colour', 'red'], { home });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/valid keys: provider, model, system, temperature, maxTokens, timeout, maxTime, retries, proxy, markdown, history, fallback, tools, providers\.<id>/);
    const typo = await runCli(['config', 'set', 'temprature', '1'], { home });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown config key "temprature"; did you mean temperature\?/);
    const help = await runCli(['--help'], { home });
    expect(help.stdout).toMatch(/130 interrupted \(Ctrl-C\), 143 terminated/);
    const bad = await runCli(['config', 'set', 'temperature', 'hot'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a number from 0 to 2/);
    const flag = await runCli(['config', 'set', 'markdown', 'maybe'], { home });
    expect(flag.stderr).toMatch(/true or false/);
  });

  it('names the file and the problem for a malformed config, without a stack trace', async () => {
    writeFileSync(join(home, 'config.json'), '{"provider": ');
    const result = await runCli(['ask', 'hi'], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(join(home, 'config.json'));
    expect(result.stderr).toMatch(/not valid JSON/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('applies flags over environment over config', async () => {
    const refused = await runCli(['config', 'set', 'provider', 'nosuch-from-config'], { home });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/unknown provider "nosuch-from-config"/);
    // A file edited by hand is still checked when it is used.
    writeFileSync(join(home, 'config.json'), '{"provider": "nosuch-from-config"}');
    const fromConfig = await runCli(['ask', 'hi'], { home });
    expect(fromConfig.stderr).toMatch(/unknown provider "nosuch-from-config"/);
    const fromEnv = await runCli(['ask', 'hi'], { home, env: { G4F_CHAT_PROVIDER: 'nosuch-from-env' } });
    expect(fromEnv.stderr).toMatch(/unknown provider "nosuch-from-env"/);
    await runCli(['config', 'set', 'model', 'model-from-config'], { home });
    const fromFlag = await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'hi'], {
      home,
      env: { G4F_CHAT_PROVIDER: 'nosuch-from-env', OPENAI_API_KEY: 'sk-00000000' },
    });
    expect(fromFlag.code).toBe(0);
    expect(JSON.parse(server.requests[0].body).model).toBe('model-from-config');
    await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'hi'], { home, env: { G4F_CHAT_MODEL: 'model-from-env', OPENAI_API_KEY: 'sk-00000000' } });
    expect(JSON.parse(server.requests[1].body).model).toBe('model-from-env');
  });

  it('prints where things live, all under G4F_CHAT_HOME', async () => {
    const result = await runCli(['config', 'path'], { home });
    expect(result.stdout).toContain(join(home, 'config.json'));
    expect(result.stdout).toContain(join(home, 'conversations'));
  });

  it('follows XDG directories without G4F_CHAT_HOME', async () => {
    const result = await runCli(['config', 'path'], { home, env: { G4F_CHAT_HOME: undefined, XDG_CONFIG_HOME: '/x/conf', XDG_DATA_HOME: '/x/data', XDG_STATE_HOME: '/x/state' } });
    expect(result.stdout).toContain('/x/conf/g4f-chat/config.json');
    expect(result.stdout).toContain('/x/data/g4f-chat/conversations');
    expect(result.stdout).toContain('/x/state/g4f-chat/input-history');
  });
});

describe('keys', () => {
  const SECRET = 'sk-stored-key-abcdef123456';

  it('stores a key from stdin with mode 0600, lists it masked, and uses it', async () => {
    const set = await runCli(['keys', 'set', 'openai'], { home, input: `${SECRET}\nignored second line\n` });
    expect(set.code).toBe(0);
    expect(set.stderr + set.stdout).not.toContain(SECRET);
    const file = join(home, 'keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o077).toBe(0);
    const list = await runCli(['keys', 'list'], { home });
    expect(list.stdout).toMatch(/openai\s+…3456\s+-\s+stored/);
    expect(list.stdout).not.toContain(SECRET);
    const used = await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'hi'], { home });
    expect(used.code).toBe(0);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('lets the environment variable win over the stored key', async () => {
    await runCli(['keys', 'set', 'openai'], { home, input: SECRET });
    await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'hi'], { home, env: { OPENAI_API_KEY: 'sk-from-env-999999' } });
    expect(server.requests[0].headers.authorization).toBe('Bearer sk-from-env-999999');
    const list = await runCli(['keys', 'list', '--json'], { home, env: { OPENAI_API_KEY: 'sk-from-env-999999' } });
    expect(JSON.parse(list.stdout).find((r: { provider: string }) => r.provider === 'openai')).toEqual({
      provider: 'openai', stored: '…3456', env: ['OPENAI_API_KEY'], uses: 'OPENAI_API_KEY',
    });
  });

  it('removes a stored key, and refuses providers that take none', async () => {
    await runCli(['keys', 'set', 'groq'], { home, input: SECRET });
    expect((await runCli(['keys', 'rm', 'groq'], { home })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(home, 'keys.json'), 'utf8'))).toEqual({});
    expect((await runCli(['keys', 'set', 'aivvm'], { home, input: SECRET })).code).toBe(2);
    expect((await runCli(['keys', 'set', 'openai'], { home, input: '' })).code).toBe(2);
  });

  it('never prints a stored key, even when the server echoes it back', async () => {
    await runCli(['keys', 'set', 'openai'], { home, input: SECRET });
    const echo = await startServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `bad key ${req.headers.authorization}` } }));
    });
    const result = await runCli(['ask', '-p', 'openai', '--base-url', echo.url, '--verbose', '--json', 'hi'], { home });
    await echo.close();
    expect(result.code).toBe(3);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(result.stderr).toContain('…3456');
  });
});
