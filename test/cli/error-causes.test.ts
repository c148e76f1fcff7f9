import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { startRawTcpServer } from '../helpers/raw-tcp-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

const unauthorized = () =>
  serve((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'key required' } }));
  });

describe('a rejected key names where the key comes from', () => {
  it('no key sent to an address the user set: names the variable the provider reads', async () => {
    const server = await unauthorized();
    const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'hi']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/hint: .*no key was sent.*OPENAI_API_KEY/);
  });

  it('a key from the environment: names that variable', async () => {
    const server = await unauthorized();
    const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'hi'], { env: { OPENAI_API_KEY: 'sk-test-wrong-123456' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/hint: .*the key sent comes from OPENAI_API_KEY/);
    expect(result.stderr).not.toContain('sk-test-wrong-123456');
  });

  it('a provider of the user own with no keyEnv: names providers.<id>.keyEnv', async () => {
    const server = await unauthorized();
    const home = tempHome();
    expect((await runCli(['config', 'set', 'providers.mine.baseUrl', server.url], { home })).code).toBe(0);
    expect((await runCli(['config', 'set', 'providers.mine.defaultModel', 'm'], { home })).code).toBe(0);
    const result = await runCli(['ask', '-p', 'mine', 'hi'], { home });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/hint: .*providers\.mine\.keyEnv/);
  });
});

describe('a proxy that answers garbage is named', () => {
  it('names the proxy and the setting, never undici words alone', async () => {
    // Something that is not an HTTP proxy (an SSH port, say) answers the CONNECT.
    const proxy = await startRawTcpServer(() => 'SSH-2.0-OpenSSH_9.6\r\n\r\n');
    const host = new URL(proxy.url).host;
    const result = await runCli(['ask', '-p', 'openai', '--base-url', 'http://api.example.test/v1', '--proxy', proxy.url, '--retries', '0', 'q'], { env: { OPENAI_API_KEY: 'sk-test-123456789' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the proxy ${host}`);
    expect(result.stderr).toMatch(/not HTTP/);
    expect(result.stderr).toMatch(/hint: .*--proxy/);
    expect(result.stderr).not.toMatch(/Response does not match/);
  });
});

describe('an attachment that cannot be fetched is named, not the model', () => {
  it('-f URL answering 404: names the URL, says nothing was sent, no model hint', async () => {
    const page = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no such page');
    });
    const provider = await serve((_req, res) => res.end());
    const result = await runCli(['ask', '-p', 'openai', '--base-url', provider.url, '-f', `${page.url}/missing.md`, 'q']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`-f ${page.url}/missing.md: HTTP 404`);
    expect(result.stderr).toMatch(/nothing was sent/);
    expect(result.stderr).not.toMatch(/model name/);
    expect(provider.requests).toHaveLength(0);
  });

  it('-f URL refused: names the URL', async () => {
    const result = await runCli(['ask', '-p', 'openai', '--base-url', 'http://127.0.0.1:9', '-f', 'http://127.0.0.1:9/page', 'q']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/-f http:\/\/127\.0\.0\.1:9\/page: connection refused.*nothing was sent/);
  });
});

describe('a glob the shell expanded after -f', () => {
  it('warns that the other files went into the prompt and shows the quoted form', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'g4f-glob-'));
    for (const name of ['a.ts', 'b.ts', 'c.ts']) writeFileSync(join(dir, name), `// ${name}\n`);
    const server = await serve((_req, res) => streamOpenAI(res, ['ok'], { done: true }));
    // What `ask -f *.ts explain` becomes once the shell has expanded it.
    const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '-f', 'a.ts', 'b.ts', 'c.ts', 'explain'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ok\n');
    expect(result.stderr).toMatch(/b\.ts, c\.ts are files in the prompt, not attached/);
    expect(result.stderr).toContain("g4f-chat ask -f '*.ts' 'explain'");
  });

  it('says nothing when no word of the prompt is a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'g4f-glob-'));
    writeFileSync(join(dir, 'a.ts'), '// a\n');
    const server = await serve((_req, res) => streamOpenAI(res, ['ok'], { done: true }));
    const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '-f', 'a.ts', 'explain', 'b.ts'], { cwd: dir });
    expect(result.stderr).toBe('');
  });
});
