import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';
import { groqAt, toolProvider, type ToolStepBody } from '../helpers/tool-provider.js';

afterEach(closeStartedServers);

const toolResults = (body: ToolStepBody) => body.messages.filter((m) => m.role === 'tool').map((m) => String(m.content));

/** A provider that makes the calls given, one per turn, then answers; `seen` gets each request's tool results. */
function callsInTurn(calls: Array<{ name: string; arguments: Record<string, unknown> }>) {
  let results: string[] = [];
  const server = toolProvider((body) => {
    results = toolResults(body);
    const next = calls[results.length];
    return next ? { call: { name: next.name, arguments: JSON.stringify(next.arguments) } } : { text: 'done' };
  });
  return { server, results: () => results };
}

/** A working folder with a link leading out of it, and a folder outside holding a secret. */
function folders() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'g4f-roots-')));
  const work = join(base, 'work');
  const outside = join(base, 'outside');
  mkdirSync(work);
  mkdirSync(outside);
  writeFileSync(join(work, 'inside.txt'), 'inside text\n');
  writeFileSync(join(outside, 'secret.txt'), 'outside secret\n');
  symlinkSync(join(outside, 'secret.txt'), join(work, 'innocent.txt'));
  return { work, outside };
}

describe('read_file and list_files stay inside the working folder and the --root folders', () => {
  it('refuses a path outside, a link leading outside and a folder outside, each with a one-line reason; the call line shows the real path', async () => {
    const { work, outside } = folders();
    const { server, results } = callsInTurn([
      { name: 'read_file', arguments: { path: 'inside.txt' } },
      { name: 'read_file', arguments: { path: join(outside, 'secret.txt') } },
      { name: 'read_file', arguments: { path: 'innocent.txt' } },
      { name: 'list_files', arguments: { path: outside } },
      { name: 'read_file', arguments: { path: '../outside/secret.txt' } },
    ]);
    const llm = await server;
    const result = await runCli(['ask', '-p', 'groq', '-T', 'read_file', '-T', 'list_files', '--approve', 'all', 'x'], { cwd: work, env: groqAt(llm.url) });
    expect(result.code).toBe(0);
    const [inside, direct, link, listed, dotdot] = results();
    expect(inside).toBe('inside text\n');
    expect(direct).toBe(`refused: ${join(outside, 'secret.txt')} is outside the working folder, and the user has not approved that path`);
    expect(link).toBe(`refused: innocent.txt leads to ${join(outside, 'secret.txt')}, which is outside the working folder, and the user has not approved that path`);
    expect(listed).toMatch(/^refused: .*outside is outside the working folder/);
    expect(dotdot).toMatch(/^refused: \.\.\/outside\/secret\.txt /);
    for (const text of results()) expect(text).not.toContain('outside secret');
    expect(result.stderr).toContain(`⏺ read_file {"path":"innocent.txt" → ${join(outside, 'secret.txt')}}`);
  });

  it('--root DIR lets them read and list there', async () => {
    const { work, outside } = folders();
    const { server, results } = callsInTurn([
      { name: 'read_file', arguments: { path: join(outside, 'secret.txt') } },
      { name: 'read_file', arguments: { path: 'innocent.txt' } },
      { name: 'list_files', arguments: { path: outside } },
    ]);
    const llm = await server;
    const result = await runCli(['ask', '-p', 'groq', '-T', 'read_file', '-T', 'list_files', '--approve', 'all', '--root', outside, 'x'], { cwd: work, env: groqAt(llm.url) });
    expect(result.code).toBe(0);
    expect(results().slice(0, 2)).toEqual(['outside secret\n', 'outside secret\n']);
    expect(results()[2]).toMatch(/secret\.txt/);
  });
});

describe('fetch_url reaches public addresses only', () => {
  it('refuses loopback by address, by number, by 0.0.0.0, by a name that resolves to loopback and by a mapped IPv6 form; the site is never reached', async () => {
    const site = await serve((_req, res) => res.end('admin page'));
    const urls = [`http://127.0.0.1:${site.port}/admin`, `http://2130706433:${site.port}/`, `http://0.0.0.0:${site.port}/`, `http://localhost:${site.port}/`, `http://[::ffff:127.0.0.1]:${site.port}/`];
    const { server, results } = callsInTurn(urls.map((url) => ({ name: 'fetch_url', arguments: { url } })));
    const llm = await server;
    const result = await runCli(['ask', '-p', 'groq', '-T', 'fetch_url', '--approve', 'all', 'x'], { env: groqAt(llm.url) });
    expect(result.code).toBe(0);
    expect(results()).toHaveLength(urls.length);
    for (const text of results()) {
      expect(text).toMatch(/is a (loopback|unspecified) address, which is not fetched; nothing was sent$/);
      expect(text.split('\n')).toHaveLength(1);
    }
    expect(results()[3]).toMatch(/localhost \((127\.0\.0\.1|::1)\) is a loopback address/);
    expect(site.requests).toHaveLength(0);
  });
});
