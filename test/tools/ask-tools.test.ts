import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { spawnInPty } from '../helpers/pty.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { MCP_FILES_FIXTURE, mcpFilesHome } from '../helpers/mcp-files-home.js';
import { groqAt, lastTool, readThenAnswer as readNotes, toolProvider } from '../helpers/tool-provider.js';

afterEach(closeStartedServers);

const FIXTURE = MCP_FILES_FIXTURE;
const NOT_APPROVED = 'the user did not approve this call';

const setup = mcpFilesHome;

const provider = toolProvider;
const readThenAnswer = readNotes();
const groq = groqAt;

describe('ask -T with an MCP server (stdio, on @modelcontextprotocol/sdk)', () => {
  it('answers "what is in notes.txt?" from the file, the call shown in one line on stderr and stdout only the answer', async () => {
    const { home } = await setup();
    const llm = await provider(readThenAnswer);
    const result = await runCli(['ask', '-p', 'groq', '-T', 'files', '--approve', 'all', 'what is in notes.txt?'], { home, env: groq(llm.url) });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('notes.txt says: buy milk\n');
    expect(result.stderr).toMatch(/⏺ files__read \{"path":"notes.txt"\} → 9 bytes/);
    const first = JSON.parse(llm.requests[0].body);
    expect(first.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['files__read', 'files__list']);
    const second = JSON.parse(llm.requests[1].body);
    expect(second.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_1', content: 'buy milk\n' });
    // History keeps the call and its result.
    const saved = await runCli(['history', 'show', '--json', (await runCli(['history', '--json'], { home })).stdout.match(/"id":\s*"([^"]+)"/)![1]], { home });
    expect(saved.stdout).toContain('toolCallId');
  });

  it('--json lists each call with its arguments, result and approval', async () => {
    const { home } = await setup();
    const llm = await provider(readThenAnswer);
    const result = await runCli(['ask', '-p', 'groq', '-T', 'files__read', '--approve', 'files', '--json', 'what is in notes.txt?'], { home, env: groq(llm.url) });
    expect(JSON.parse(result.stdout).toolCalls).toEqual([{ name: 'files__read', arguments: '{"path":"notes.txt"}', result: 'buy milk\n', approved: true }]);
    expect(JSON.parse(llm.requests[0].body).tools).toHaveLength(1);
  });

  it('a run whose model calls no tool takes the tool list from the cache and never starts the server', async () => {
    const { home } = await setup();
    expect((await runCli(['mcp', 'list'], { home })).stdout).toMatch(/files__read/);
    const log = join(home, 'mcp-files.log');
    const starts = () => (readFileSync(log, 'utf8').match(/starting/g) ?? []).length;
    expect(starts()).toBe(1);
    const llm = await provider(() => ({ text: 'no tool needed' }));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'files', 'hi'], { home, env: groq(llm.url) });
    expect(result.stdout).toBe('no tool needed\n');
    expect(JSON.parse(llm.requests[0].body).tools).toHaveLength(2);
    expect(starts()).toBe(1);
  });

  it('a hanging server and a crashing one are errors naming the server that the model reads; the answer goes on', async () => {
    for (const mode of ['hang', 'crash']) {
      const { home } = await setup({ MCP_MODE: mode });
      const llm = await provider(readThenAnswer);
      const result = await runCli(['ask', '-p', 'groq', '-T', 'files', '--approve', 'all', '--tool-timeout', '2', 'read it'], { home, env: groq(llm.url), killAfterMs: 30_000 });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^notes.txt says: error: /);
      expect(JSON.parse(llm.requests[1].body).messages.at(-1).content).toMatch(/error: .*(files|2s|closed|Connection)/i);
    }
  });
});

describe('approval', () => {
  it('in a pipe a call not approved ahead never runs: the model is told, stderr says so', async () => {
    const home = tempHome();
    const marker = join(home, 'ran');
    const llm = await provider((body) => (lastTool(body) === undefined ? { call: { name: 'run_command', arguments: JSON.stringify({ command: `touch ${marker}` }) } } : { text: `result: ${lastTool(body)}` }));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'run_command', 'make a file'], { home, env: groq(llm.url) });
    expect(existsSync(marker)).toBe(false);
    expect(result.stdout).toBe(`result: ${NOT_APPROVED}\n`);
    expect(result.stderr).toContain(NOT_APPROVED);
  });

  // Once in three whole-suite runs on a loaded 2-core machine (Node 24) this PTY dialogue has
  // stalled until the timeout; it was not reproduced alone or under a CPU load, so it gets one retry.
  it('on a terminal: y runs it, n does not, a approves the tool for the rest of the run, Ctrl-C stops', { retry: 1 }, async () => {
    const home = tempHome();
    const marker = (n: number) => join(home, `ran-${n}`);
    let calls = 0;
    const llm = await provider((body) => {
      const results = body.messages.filter((m) => m.role === 'tool').length;
      if (results < 3) return { call: { name: 'run_command', arguments: JSON.stringify({ command: `touch ${marker(++calls)}` }) } };
      return { text: 'done' };
    });
    const session = spawnInPty(['ask', '-p', 'groq', '-T', 'run_command', 'make files'], { home, env: groq(llm.url) });
    await session.waitFor(/\[y\]es \/ \[a\]lways \/ \[n\]o/);
    expect(session.output()).toContain(`run_command $ touch ${marker(1)}`);
    session.write('n');
    let at = await session.waitFor(/\[y\]es \/ \[a\]lways \/ \[n\]o/, { from: session.output().length });
    session.write('y');
    at = await session.waitFor(/\[y\]es \/ \[a\]lways \/ \[n\]o/, { from: at + 10 });
    session.write('a');
    expect(await session.exited).toBe(0);
    expect(existsSync(marker(1))).toBe(false);
    expect(existsSync(marker(2))).toBe(true);
    expect(existsSync(marker(3))).toBe(true);

    const stop = spawnInPty(['ask', '-p', 'groq', '-T', 'run_command', 'make files'], { home, env: groq(llm.url) });
    await stop.waitFor(/\[y\]es/);
    stop.write('\x03');
    expect(await stop.exited).toBe(130);
  });
});

describe('bad calls and endless ones', () => {
  it('an unknown tool and arguments that are not JSON are results the model reads, never a crash', async () => {
    const home = tempHome();
    const seen: string[] = [];
    const llm = await provider((body) => {
      const result = lastTool(body);
      if (result !== undefined) seen.push(result);
      if (seen.length === 0) return { call: { name: 'nosuch', arguments: '{}' } };
      if (seen.length === 1) return { call: { name: 'read_file', arguments: '{"path":' } };
      return { text: 'ok' };
    });
    const result = await runCli(['ask', '-p', 'groq', '-T', 'read_file', '--approve', 'all', 'x'], { home, env: groq(llm.url) });
    expect(result.code).toBe(0);
    expect(seen[0]).toMatch(/^error: there is no tool named nosuch/);
    expect(seen[1]).toMatch(/^error: the arguments are not JSON/);
  });

  it('--max-steps N runs the calls of N model turns, then stops a model that still asks, exit 1', async () => {
    const home = tempHome();
    const llm = await provider(() => ({ call: { name: 'list_files', arguments: '{}' } }));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'list_files', '--approve', 'all', '--max-steps', '3', 'x'], { home, env: groq(llm.url), cwd: home });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the model still asked for tools after 3 turns whose calls ran \(--max-steps 3\)/);
    expect(result.stderr.match(/⏺ list_files/g)).toHaveLength(3);
    expect(llm.requests).toHaveLength(4);
    const help = await runCli(['ask', '--help'], { home });
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('N model turns whose tool calls run');
  });

  it('no provider of the chain takes tools: exit 2 before any request', async () => {
    const llm = await provider(() => ({ text: 'x' }));
    const result = await runCli(['ask', '-p', 'aivvm', '-T', 'read_file', 'x'], { env: { G4F_CHAT_AIVVM_BASE_URL: llm.url } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/takes no tools/);
    expect(llm.requests).toHaveLength(0);
  });

  it('`providers` says which providers take tools: a column, a detail line and supportsTools in --json', async () => {
    const table = await runCli(['providers']);
    const header = table.stdout.split('\n')[0].split(/\s{2,}/);
    const column = header.indexOf('tools');
    expect(column).toBeGreaterThan(0);
    const cellOf = (id: string) => table.stdout.split('\n').find((line) => line.startsWith(`${id} `))!.split(/\s{2,}/)[column];
    for (const id of ['openai', 'anthropic', 'gemini', 'ollama']) expect(cellOf(id)).toBe('yes');
    for (const id of ['aivvm', 'horde']) expect(cellOf(id)).toBe('no');
    expect((await runCli(['providers', 'gemini'])).stdout).toMatch(/^ {2}tools: +yes/m);
    const listed = JSON.parse((await runCli(['providers', '--json'])).stdout) as Array<{ id: string; supportsTools: boolean }>;
    expect(listed.find((p) => p.id === 'ollama')?.supportsTools).toBe(true);
    expect(listed.find((p) => p.id === 'aichat')?.supportsTools).toBe(false);
  });
});

describe('g4f-chat mcp', () => {
  it('add, list (env values never printed), tools, rm; the file is private', async () => {
    const { home } = await setup({ SECRET_TOKEN: 'tok-very-secret-123' });
    const list = await runCli(['mcp', 'list'], { home });
    expect(list.stdout).toMatch(/^files {2}stdio: .*\(env: MCP_ROOT, SECRET_TOKEN\)\n {2}files__read\n {2}files__list\n$/);
    expect(list.stdout + list.stderr).not.toContain('tok-very-secret-123');
    const tools = await runCli(['mcp', 'tools', 'files'], { home });
    expect(tools.stdout).toMatch(/files__read {2}Read a file of the folder/);
    const { statSync } = await import('node:fs');
    expect(statSync(join(home, 'mcp.json')).mode & 0o777).toBe(0o600);
    expect((await runCli(['mcp', 'rm', 'files'], { home })).code).toBe(0);
    expect((await runCli(['mcp', 'rm', 'files'], { home })).code).toBe(2);
  });

  it('an HTTP server (Streamable HTTP) is listed and called the same way', async () => {
    const home = tempHome();
    const folder = join(home, 'w');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'over http\n');
    const portFile = join(home, 'port');
    const { spawn } = await import('node:child_process');
    const server = spawn(process.execPath, [FIXTURE], { env: { ...process.env, MCP_ROOT: folder, MCP_HTTP_PORT_FILE: portFile }, stdio: 'ignore' });
    try {
      while (!existsSync(portFile) || !readFileSync(portFile, 'utf8')) await new Promise((r) => setTimeout(r, 50));
      const url = `http://127.0.0.1:${readFileSync(portFile, 'utf8')}/mcp`;
      expect((await runCli(['mcp', 'add', 'web', '--url', url, '--header', 'X-Token: abc'], { home })).code).toBe(0);
      const llm = await provider((body) => (lastTool(body) === undefined ? { call: { name: 'web__read', arguments: '{"path":"notes.txt"}' } } : { text: lastTool(body)! }));
      const result = await runCli(['ask', '-p', 'groq', '-T', 'web', '--approve', 'web', 'read'], { home, env: groq(llm.url) });
      expect(result.stdout).toBe('over http\n');
    } finally {
      server.kill();
    }
  });
});

describe('chat with tools', () => {
  it('asks before every call in a picker, shows each call in one line, and /tools lists and switches them', async () => {
    const home = tempHome();
    writeFileSync(join(home, 'notes.txt'), 'buy milk\n');
    const llm = await provider((body) => (lastTool(body) === undefined ? { call: { name: 'read_file', arguments: JSON.stringify({ path: join(home, 'notes.txt') }) } } : { text: `notes.txt says: ${lastTool(body)!.trim()}` }));
    const chat = spawnInPty(['chat', '-p', 'groq', '-T', 'read_file', '-T', 'list_files'], { home, env: groq(llm.url) });
    await chat.waitFor(/›|>/);
    chat.write('/tools\r');
    await chat.waitFor(/on  ?read_file/);
    chat.write('what is in notes.txt?\r');
    await chat.waitFor(/read_file \{"path":"[^"]*notes\.txt"\}\S* \[y\]es \/ \[a\]lways \/ \[n\]o/);
    chat.write('y');
    await chat.waitFor(/notes\.txt says: buy milk/);
    expect(chat.output()).toMatch(/⏺ read_file \{"path":"[^"]*notes\.txt"\} → 9 bytes/);
    chat.write('/tools off read_file\r');
    await chat.waitFor(/read_file is off/);
    chat.write('\x04');
    expect(await chat.exited).toBe(0);
    expect(JSON.parse(llm.requests[0].body).tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['read_file', 'list_files']);
  });

  it('a scripted chat runs nothing unapproved', async () => {
    const home = tempHome();
    const marker = join(home, 'ran');
    const llm = await provider((body) => (lastTool(body) === undefined ? { call: { name: 'run_command', arguments: JSON.stringify({ command: `touch ${marker}` }) } } : { text: `got: ${lastTool(body)}` }));
    const result = await runCli(['chat', '-p', 'groq', '-T', 'run_command'], { home, env: groq(llm.url), input: 'make a file\n' });
    expect(existsSync(marker)).toBe(false);
    expect(result.stdout).toContain(`got: ${NOT_APPROVED}`);
  });
});
