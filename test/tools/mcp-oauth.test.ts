import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { spawnInPty } from '../helpers/pty.js';
import { BIN, cleanEnv, runCli, tempHome, type CliResult } from '../helpers/run-cli.js';
import { groqAt, lastTool, toolProvider } from '../helpers/tool-provider.js';

const GUARDED = fileURLToPath(new URL('../fixtures/mcp-oauth-server.mjs', import.meta.url));
const BROWSER = fileURLToPath(new URL('../fixtures/oauth-browser.mjs', import.meta.url));

const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) child.kill();
  await closeStartedServers();
});

interface Stats {
  registrations: number;
  authorizations: number;
  exchanges: number;
  refreshes: number;
  issued: string[];
}

/** The OAuth-guarded MCP server of the fixture: its /mcp address, its counts, and a way to expire its access tokens. */
async function guardedServer() {
  const portFile = join(tempHome(), 'port');
  const child = spawn(process.execPath, [GUARDED], { env: { ...process.env, OAUTH_PORT_FILE: portFile }, stdio: 'ignore' });
  started.push(child);
  while (!existsSync(portFile) || !readFileSync(portFile, 'utf8')) await new Promise((r) => setTimeout(r, 20));
  const base = `http://127.0.0.1:${readFileSync(portFile, 'utf8')}`;
  return {
    url: `${base}/mcp`,
    stats: async () => (await (await fetch(`${base}/test/stats`)).json()) as Stats,
    expire: async () => void (await fetch(`${base}/test/expire`, { method: 'POST' })),
  };
}

/** The CLI in a pipe, its stderr readable while it runs (to find the address it asks the user to open). */
function startCli(args: readonly string[], home: string) {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(home), stdio: ['pipe', 'pipe', 'pipe'] });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin!.end();
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    done,
    /** The authorization address it printed, once it did. */
    async address(): Promise<URL> {
      for (let waited = 0; waited < 20_000; waited += 20) {
        const found = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)$/m.exec(stderr);
        if (found) return new URL(found[1]);
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no authorization address; stderr:\n${stderr}`);
    },
  };
}

/** Plays the browser: the authorization server approves at once and redirects to our loopback listener, which is then asked. */
async function browse(address: URL, change?: (back: URL) => void): Promise<{ status: number; page: string }> {
  const approved = await fetch(address, { redirect: 'manual' });
  expect(approved.status).toBe(302);
  const back = new URL(approved.headers.get('location')!);
  change?.(back);
  const answer = await fetch(back);
  return { status: answer.status, page: await answer.text() };
}

const tokenFile = (home: string, server: string) => join(home, 'mcp-oauth', `${server}.json`);

/** Signs in with `mcp login` in a pipe, playing the browser; its result and the address it showed. */
async function login(home: string, server = 'guarded') {
  const run = startCli(['mcp', 'login', server], home);
  const address = await run.address();
  const page = await browse(address);
  return { ...(await run.done), address, page };
}

describe('MCP servers behind OAuth', () => {
  it('mcp add in a pipe: added; the server asks for a sign-in, said in one line naming mcp login, without waiting', async () => {
    const server = await guardedServer();
    const home = tempHome();
    const added = await runCli(['mcp', 'add', 'guarded', '--url', server.url], { home, killAfterMs: 10_000 });
    expect(added.code).toBe(0);
    expect(added.stderr).toContain('added MCP server guarded');
    expect(added.stderr).toContain('MCP server guarded asks for a sign-in; sign in with: g4f-chat mcp login guarded\n');
    expect(added.stderr).not.toContain('/authorize');
    expect((await server.stats()).authorizations).toBe(0);
  });

  it('mcp login: PKCE through a loopback redirect; the tokens stored 0600 are used by the next run without a browser, refreshed once expired, and forgotten by mcp logout; no token is ever printed', async () => {
    const server = await guardedServer();
    const home = tempHome();
    const outputs: string[] = [];
    const keep = <T extends { stdout: string; stderr: string }>(result: T) => (outputs.push(result.stdout, result.stderr), result);
    keep(await runCli(['mcp', 'add', 'guarded', '--url', server.url], { home }));

    const first = keep(await login(home));
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('signed in to MCP server guarded; it offers 1 tool');
    expect(first.page.status).toBe(200);
    const asked = first.address.searchParams;
    expect(asked.get('response_type')).toBe('code');
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(asked.get('state')).toMatch(/^[\w-]{32}$/);
    expect(asked.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(statSync(tokenFile(home, 'guarded')).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(tokenFile(home, 'guarded'), 'utf8'));
    expect(stored.url).toBe(server.url);
    expect(stored.client.client_name).toBe('g4f-chat');
    expect(stored.tokens.access_token).toMatch(/^at-/);
    expect(await server.stats()).toMatchObject({ registrations: 1, authorizations: 1, exchanges: 1 });

    // Another process: the stored tokens, no browser.
    const listed = keep(await runCli(['mcp', 'tools', 'guarded'], { home }));
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('guarded__greet  Say hello');
    expect(listed.stderr).not.toContain('sign in');
    const llm = await toolProvider((body) => (lastTool(body) === undefined ? { call: { name: 'guarded__greet', arguments: '{}' } } : { text: `it said: ${lastTool(body)}` }));
    const asked2 = keep(await runCli(['ask', '-p', 'groq', '-T', 'guarded', '--approve', 'guarded', 'greet me'], { home, env: groqAt(llm.url) }));
    expect(asked2.stdout).toBe('it said: hello from behind OAuth\n');
    expect((await server.stats()).authorizations).toBe(1);

    // An expired access token is refreshed with the refresh token, and the new ones stored.
    await server.expire();
    const refreshed = keep(await runCli(['mcp', 'tools', 'guarded'], { home }));
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toContain('guarded__greet');
    expect(await server.stats()).toMatchObject({ authorizations: 1, refreshes: 1 });
    const after = JSON.parse(readFileSync(tokenFile(home, 'guarded'), 'utf8'));
    expect(after.tokens.access_token).not.toBe(stored.tokens.access_token);
    expect(statSync(tokenFile(home, 'guarded')).mode & 0o777).toBe(0o600);

    const out = keep(await runCli(['mcp', 'logout', 'guarded'], { home }));
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('signed out of MCP server guarded: its tokens and client registration are forgotten');
    expect(existsSync(tokenFile(home, 'guarded'))).toBe(false);
    // Signed out, in a pipe: one line names the command that signs in, at once.
    const refused = keep(await runCli(['mcp', 'tools', 'guarded'], { home, killAfterMs: 10_000 }));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('failed: MCP server guarded: needs you to sign in (OAuth), and there is no terminal to do it on; sign in with: g4f-chat mcp login guarded\n');
    // Its tools cached, the server starts at the call: the call's line names the command.
    const unasked = keep(await runCli(['ask', '-p', 'groq', '-T', 'guarded', '--approve', 'guarded', 'greet me'], { home, env: groqAt(llm.url), killAfterMs: 10_000 }));
    expect(unasked.stderr).toContain('⏺ guarded__greet {} → error: MCP server guarded: needs you to sign in (OAuth), and there is no terminal to do it on; sign in with: g4f-chat mcp login guarded\n');

    for (const secret of (await server.stats()).issued) for (const text of outputs) expect(text).not.toContain(secret);
  }, 90_000);

  it('a return with the wrong state is refused: the sign-in fails and no tokens are stored', async () => {
    const server = await guardedServer();
    const home = tempHome();
    await runCli(['mcp', 'add', 'guarded', '--url', server.url], { home });
    const run = startCli(['mcp', 'login', 'guarded'], home);
    const page = await browse(await run.address(), (back) => back.searchParams.set('state', 'forged-by-someone-else'));
    expect(page.status).toBe(400);
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sign-in refused: the browser came back with a state that does not match the one sent');
    expect(JSON.parse(readFileSync(tokenFile(home, 'guarded'), 'utf8')).tokens).toBeUndefined();
    expect((await server.stats()).exchanges).toBe(0);
  }, 60_000);

  it('mcp logout of a server that is not configured names the fix; mcp login of a stdio server says it has no sign-in', async () => {
    const home = tempHome();
    const unknown = await runCli(['mcp', 'logout', 'nowhere'], { home });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no MCP server named nowhere[\s\S]*g4f-chat mcp list/);
    await runCli(['mcp', 'add', 'local', '--', process.execPath, '-e', ''], { home });
    const stdio = await runCli(['mcp', 'login', 'local'], { home });
    expect(stdio.code).toBe(2);
    expect(stdio.stderr).toContain('MCP server local is a command (stdio): there is nothing to sign in to');
  });
});

describe('MCP sign-in on a terminal', () => {
  it('mcp add --url opens the browser ($BROWSER) and signs in; Ctrl-C while waiting stops mcp login with 130; mcp rm forgets the sign-in', async () => {
    const server = await guardedServer();
    const home = tempHome();
    const browser = join(home, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\nexec "${process.execPath}" "${BROWSER}" "$@"\n`);
    chmodSync(browser, 0o755);
    const added = spawnInPty(['mcp', 'add', 'guarded', '--url', server.url], { home, env: { BROWSER: browser } });
    await added.waitFor('signed in to MCP server guarded; it offers 1 tool', { timeoutMs: 20_000 });
    expect(await added.exited).toBe(0);
    expect(existsSync(tokenFile(home, 'guarded'))).toBe(true);

    const waiting = spawnInPty(['mcp', 'login', 'guarded'], { home, env: { BROWSER: '/bin/true' } });
    await waiting.waitFor('Ctrl-C cancels', { timeoutMs: 20_000 });
    waiting.write('\x03');
    expect(await waiting.exited).toBe(130);
    // The sign-in stored before is kept: a cancelled login replaces nothing.
    expect(JSON.parse(readFileSync(tokenFile(home, 'guarded'), 'utf8')).tokens.access_token).toMatch(/^at-/);
    // Removing the server forgets its sign-in too.
    const removed = await runCli(['mcp', 'rm', 'guarded'], { home });
    expect(removed.stderr).toContain('removed MCP server guarded and forgot its sign-in');
    expect(existsSync(tokenFile(home, 'guarded'))).toBe(false);
  }, 60_000);
});
