import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

const SECRET = '-----BEGIN OPENSSH PRIVATE KEY----- not-for-any-model';

/** A repository whose docs/notes.md links to a private key outside it, and a link that stays inside. */
function repositoryWithOutsideLink() {
  const base = mkdtempSync(join(tmpdir(), 'g4f-links-'));
  const ssh = join(base, 'home', '.ssh');
  const repo = join(base, 'repo');
  mkdirSync(ssh, { recursive: true });
  mkdirSync(join(repo, 'docs'), { recursive: true });
  writeFileSync(join(ssh, 'id_ed25519'), `${SECRET}\n`);
  writeFileSync(join(repo, 'docs', 'guide.md'), '# Guide\n');
  writeFileSync(join(repo, 'README.md'), 'read me\n');
  symlinkSync(join(ssh, 'id_ed25519'), join(repo, 'docs', 'notes.md'));
  symlinkSync('../README.md', join(repo, 'docs', 'readme-link.md'));
  return { repo, key: join(ssh, 'id_ed25519') };
}

async function echoServer() {
  return serve((_req, res) => streamOpenAI(res, ['ok']));
}
const sentText = (server: Awaited<ReturnType<typeof echoServer>>) => server.requests.map((r) => r.body).join('\n');
const openai = (url: string) => ['-p', 'openai', '--base-url', url, '--no-history'];

describe('-f folders and globs do not follow links out of what was attached', () => {
  it('-f . skips docs/notes.md → ~/.ssh/id_ed25519 and says so on stderr, keeping the link that stays inside', async () => {
    const { repo } = repositoryWithOutsideLink();
    const server = await echoServer();
    const result = await runCli(['ask', ...openai(server.url), '-f', '.', 'summarize'], { cwd: repo });
    expect(result.code).toBe(0);
    expect(sentText(server)).not.toContain('OPENSSH');
    expect(sentText(server)).toContain('read me');
    expect(result.stderr).toContain('skipped docs/notes.md: links outside .');
    expect(result.stderr).toMatch(/attached \.: 3 files/);
  });

  it("-f 'docs/*' skips it too, and --quiet still says so", async () => {
    const { repo } = repositoryWithOutsideLink();
    const server = await echoServer();
    const result = await runCli(['ask', ...openai(server.url), '--quiet', '-f', 'docs/*', 'summarize'], { cwd: repo });
    expect(result.code).toBe(0);
    expect(sentText(server)).not.toContain('OPENSSH');
    expect(sentText(server)).toContain('# Guide');
    expect(result.stderr).toContain('skipped docs/notes.md: links outside .');
  });

  it('naming the target itself attaches it: the user chose that file', async () => {
    const { repo, key } = repositoryWithOutsideLink();
    const server = await echoServer();
    const result = await runCli(['ask', ...openai(server.url), '-f', key, 'x'], { cwd: repo });
    expect(result.code).toBe(0);
    expect(sentText(server)).toContain('OPENSSH');
  });
});

describe('-f URL: where a redirect may lead, and the time bounds', () => {
  it("follows a redirect on the user's own loopback origin but refuses one to another internal origin, sending nothing", async () => {
    const admin = await serve((_req, res) => res.end('admin secrets'));
    const site = await serve((req, res) => {
      if (req.url === '/page') return res.end('the page');
      res.writeHead(302, { location: req.url === '/same' ? '/page' : `http://localhost:${admin.port}/admin` });
      res.end();
    });
    const server = await echoServer();
    const same = await runCli(['ask', ...openai(server.url), '-f', `${site.url}/same`, 'x'], {});
    expect(same.code).toBe(0);
    expect(sentText(server)).toContain('the page');
    server.requests.length = 0;
    const refused = await runCli(['ask', ...openai(server.url), '-f', `${site.url}/away`, 'x'], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/redirects to localhost:\d+: localhost \(127\.0\.0\.1\) is a loopback address, which is not fetched; nothing was sent/);
    expect(admin.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
  });

  it('a page trickling a byte at a time ends at --max-time with exit 1, naming the bound (not as if Ctrl-C was pressed)', async () => {
    const site = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('a'), 100);
      res.on('close', () => clearInterval(timer));
    });
    const server = await echoServer();
    const result = await runCli(['ask', ...openai(server.url), '--timeout', '1', '--max-time', '2', '-f', `${site.url}/slow`, 'x'], { killAfterMs: 20_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--max-time 2s reached while reading ${site.url}/slow`);
    expect(server.requests).toHaveLength(0);
  });

  it('a page that goes silent ends at --timeout with exit 1, naming the page and the flag', async () => {
    const site = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first bytes');
    });
    const server = await echoServer();
    const result = await runCli(['ask', ...openai(server.url), '--timeout', '1', '--max-time', '30', '-f', `${site.url}/stalls`, 'x'], { killAfterMs: 20_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`-f ${site.url}/stalls: timed out: the stream went silent for 1s`);
    expect(result.stderr).toContain('--timeout');
    expect(server.requests).toHaveLength(0);
  });
});
