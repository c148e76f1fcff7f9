import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { MCP_FILES_FIXTURE, mcpFilesHome } from '../helpers/mcp-files-home.js';
import { spawnInPty } from '../helpers/pty.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { groqAt, readThenAnswer, toolProvider } from '../helpers/tool-provider.js';

afterEach(closeStartedServers);

/** What a tool result may carry: a title-setting OSC, a screen clear, a bidi override. */
const HOSTILE = 'ok \x1b]0;pwned\x07\x1b[2Jdone \u202Etxt.exe\n';
const conversationId = async (home: string) => (await runCli(['history', '--json'], { home })).stdout.match(/"id":\s*"([^"]+)"/)![1];

describe('hostile tools: what an MCP server sends is untrusted', () => {
  it('a secret from the server\'s configured env is redacted in --json and history, and `mcp list` never prints it', async () => {
    const secret = 'ghp_Secret0123456789abcdefXYZ';
    const { home } = await mcpFilesHome({ MCP_MODE: 'env', SERVICE_TOKEN: secret });
    const llm = await toolProvider(readThenAnswer('env:SERVICE_TOKEN'));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'files', '--approve', 'all', '--json', 'what is the token?'], { home, env: groqAt(llm.url) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).toolCalls[0].result).toBe("the value is …fXYZ");
    // Neither the model nor the history nor the terminal ever gets it.
    expect(llm.requests[1].body).not.toContain(secret);
    const saved = await runCli(['history', 'show', '--json', await conversationId(home)], { home });
    expect(saved.stdout).not.toContain(secret);
    expect(result.stdout + result.stderr).not.toContain(secret);
    const listed = await runCli(['mcp', 'list'], { home });
    expect(listed.stdout).toMatch(/env: MCP_ROOT, MCP_MODE, SERVICE_TOKEN/);
    expect(listed.stdout).not.toContain(secret);
  });

  it('a result over 100 KB reaches the model cut, with a note it can read', async () => {
    const { home, folder } = await mcpFilesHome();
    writeFileSync(join(folder, 'big.txt'), 'x'.repeat(300 * 1024));
    const llm = await toolProvider(readThenAnswer('big.txt'));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'files', '--approve', 'all', 'read big.txt'], { home, env: groqAt(llm.url) });
    expect(result.code).toBe(0);
    const sent = JSON.parse(llm.requests[1].body).messages.at(-1).content as string;
    expect(Buffer.byteLength(sent)).toBeLessThan(101 * 1024);
    expect(sent).toMatch(/\[result cut: 307200 bytes, the first 102400 shown\]$/);
  });

  it('a tool description and result with escape sequences and bidi overrides reach the terminal sanitised', async () => {
    const { home, folder } = await mcpFilesHome({ MCP_DESCRIPTION: 'Reads \x1b]0;pwned\x07files \u202Eevil' });
    writeFileSync(join(folder, 'notes.txt'), HOSTILE);
    const llm = await toolProvider((body) => (body.messages.some((m) => m.role === 'tool') ? { text: 'read it' } : { call: { name: 'files__read', arguments: '{"path":"notes.txt"}' } }));
    expect((await runCli(['ask', '-p', 'groq', '-T', 'files', '--approve', 'all', 'read it'], { home, env: groqAt(llm.url) })).code).toBe(0);
    const tools = spawnInPty(['mcp', 'tools'], { home });
    expect(await tools.exited).toBe(0);
    expect(tools.output()).toMatch(/files__read\s+Reads/);
    const history = spawnInPty(['history', 'show', await conversationId(home)], { home, env: { PAGER: 'cat' } });
    expect(await history.exited).toBe(0);
    const screen = [tools.output(), history.output()].join('');
    expect(screen).toContain('files__read');
    expect(history.output()).toMatch(/ok ␛\]0;pwned␇␛\[2Jdone <U\+202E>txt\.exe/);
    const found = /\x1b\]0;|\x1b\[2J|\u202E/.exec(screen);
    expect(found && JSON.stringify(screen.slice(found.index - 200, found.index + 50))).toBeNull();
  });
});

describe('history shows what the tools did', () => {
  it('history show and export name each call and each result, not a "system" message', async () => {
    const { home } = await mcpFilesHome();
    const llm = await toolProvider(readThenAnswer());
    await runCli(['ask', '-p', 'groq', '-T', 'files', '--approve', 'all', 'what is in notes.txt?'], { home, env: groqAt(llm.url) });
    const id = await conversationId(home);
    const shown = (await runCli(['history', 'show', id], { home })).stdout;
    expect(shown).toMatch(/⏺ files__read \{"path":"notes.txt"\}/);
    expect(shown).toMatch(/tool \(files__read\)\nbuy milk/);
    expect(shown).not.toMatch(/^system$/m);
    const exported = (await runCli(['history', 'export', id], { home })).stdout;
    expect(exported).toMatch(/files__read \{"path":"notes.txt"\}/);
    expect(exported).toMatch(/## Tool \(files__read\)/);
    expect(exported).not.toMatch(/## System/);
  });


  it('/history in chat names the call and its result', async () => {
    const { home } = await mcpFilesHome();
    const llm = await toolProvider(readThenAnswer());
    const result = await runCli(['chat', '-p', 'groq', '-T', 'files', '--approve', 'all'], { home, env: groqAt(llm.url), input: 'what is in notes.txt?\n/history\n' });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/⏺ files__read \{"path":"notes.txt"\}/);
    expect(result.stdout + result.stderr).toMatch(/tool \(files__read\): buy milk/);
  });
});

describe('mcp.json and the transports', () => {
  it('a mcp.json others can change is refused before anything starts; a project .mcp.json is read only when named', async () => {
    const { home, folder } = await mcpFilesHome();
    const llm = await toolProvider(readThenAnswer());
    chmodSync(join(home, 'mcp.json'), 0o666);
    const refused = await runCli(['ask', '-p', 'groq', '-T', 'files', 'hi'], { home, env: groqAt(llm.url) });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/can be changed by others: its commands are not run/);
    expect(llm.requests).toHaveLength(0);
    chmodSync(join(home, 'mcp.json'), 0o600);

    const marker = join(folder, 'project-server-ran');
    const project = { mcpServers: { proj: { command: process.execPath, args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`] } } };
    writeFileSync(join(folder, '.mcp.json'), JSON.stringify(project), { mode: 0o600 });
    const unnamed = await runCli(['ask', '-p', 'groq', '-T', 'proj', 'hi'], { home, cwd: folder, env: groqAt(llm.url) });
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toMatch(/no tool or MCP server named proj/);
    expect(existsSync(marker)).toBe(false);
  });

  it('an older SSE server (GET /sse, POST /messages) is listed and called through the same --url', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'g4f-chat-mcp-sse-'));
    writeFileSync(join(dir, 'notes.txt'), 'buy milk\n');
    const portFile = join(dir, 'port');
    const server = spawn(process.execPath, [MCP_FILES_FIXTURE], { env: { ...process.env, MCP_ROOT: dir, MCP_SSE_PORT_FILE: portFile }, stdio: 'ignore' });
    try {
      while (!existsSync(portFile) || !readFileSync(portFile, 'utf8')) await new Promise((r) => setTimeout(r, 20));
      const home = tempHome();
      expect((await runCli(['mcp', 'add', 'old', '--url', `http://127.0.0.1:${readFileSync(portFile, 'utf8')}/sse`], { home })).code).toBe(0);
      expect((await runCli(['mcp', 'list'], { home })).stdout).toMatch(/old__read/);
      const llm = await toolProvider((body) => (body.messages.some((m) => m.role === 'tool') ? { text: `says: ${(body.messages.at(-1)!.content as string).trim()}` } : { call: { name: 'old__read', arguments: '{"path":"notes.txt"}' } }));
      const result = await runCli(['ask', '-p', 'groq', '-T', 'old', '--approve', 'all', 'read it'], { home, env: groqAt(llm.url) });
      expect(result.stdout).toBe('says: buy milk\n');
    } finally {
      server.kill();
    }
  });
});
