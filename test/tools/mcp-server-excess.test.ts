import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CappedLog } from '../../src/tools/mcp-log.js';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { groqAt, lastTool, toolProvider, type ToolStepBody } from '../helpers/tool-provider.js';

afterEach(closeStartedServers);

const ODD = fileURLToPath(new URL('../fixtures/mcp-odd-server.mjs', import.meta.url));

const callThenEcho = (tool: string) => (body: ToolStepBody) =>
  lastTool(body) === undefined ? { call: { name: tool, arguments: '{}' } } : { text: `got ${String(lastTool(body)).length} characters` };

async function oddHome(env: string[] = []): Promise<string> {
  const home = tempHome();
  expect((await runCli(['mcp', 'add', 'odd', ...env.flatMap((e) => ['--env', e]), '--', process.execPath, ODD], { home })).code).toBe(0);
  return home;
}

describe('a server that floods stderr', () => {
  it('keeps mcp-NAME.log under 5 MB (20 MB written), the oldest half dropped with a line saying so', async () => {
    const home = await oddHome(['MCP_FLOOD_MB=20']);
    const llm = await toolProvider(callThenEcho('odd__flood'));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'odd__flood', '--approve', 'odd', '--json', 'go'], { home, env: groqAt(llm.url) });
    expect(JSON.parse(result.stdout).toolCalls[0].result).toBe('flooded');
    const log = join(home, 'mcp-odd.log');
    expect(statSync(log).size).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(statSync(log).size).toBeGreaterThan(1024 * 1024);
    expect(readFileSync(log, 'utf8')).toMatch(/^\[log cut at [^\]]*: the oldest \d+ bytes were dropped to keep this log under 5242880 bytes\]\nx+\n/);
  }, 60_000);

  it('CappedLog: past its bound the file is the note and the newer lines, never more than the bound', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'g4f-chat-log-'));
    const path = join(dir, 'mcp-x.log');
    const log = new CappedLog(path, 1000);
    for (let i = 0; i < 300; i += 1) log.write(`line ${String(i).padStart(3, '0')}\n`);
    log.line('[warning] last');
    await new Promise<void>((resolve) => log.end(resolve));
    const text = readFileSync(path, 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1000);
    expect(text).toMatch(/^\[log cut at .*the oldest \d+ bytes were dropped/);
    expect(text).toMatch(/line 299\n\[warning\] last\n$/);
    expect(text).not.toContain('line 000');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('a server message over the size one message may have', () => {
  it('says the answer was larger than 10 MiB instead of "Connection closed"', async () => {
    const home = await oddHome(['MCP_HUGE_MB=11']);
    const llm = await toolProvider(callThenEcho('odd__huge'));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'odd__huge', '--approve', 'odd', '--json', 'go'], { home, env: groqAt(llm.url), killAfterMs: 55_000 });
    expect(JSON.parse(result.stdout).toolCalls[0].result).toMatch(/^error: MCP server odd: tools\/call huge failed: the server's answer was larger than 10 MiB, the most one message may be, so the connection was closed/);
  }, 60_000);
});

describe('logging notifications', () => {
  it('notifications/message lines go to the server log', async () => {
    const home = await oddHome();
    const llm = await toolProvider(callThenEcho('odd__log'));
    await runCli(['ask', '-p', 'groq', '-T', 'odd__log', '--approve', 'odd', 'go'], { home, env: groqAt(llm.url) });
    expect(readFileSync(join(home, 'mcp-odd.log'), 'utf8')).toContain('[warning] odd: a logged warning');
  });
});

describe('mcp.json others could swap', () => {
  it('a 0600 mcp.json in a 0777 config folder is refused like a 0666 file, nothing started', async () => {
    const home = await oddHome();
    const llm = await toolProvider(callThenEcho('odd__log'));
    chmodSync(home, 0o777);
    try {
      const refused = await runCli(['ask', '-p', 'groq', '-T', 'odd', 'go'], { home, env: groqAt(llm.url) });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/mcp\.json can be changed by others \(.* is writable by others\): its commands are not run/);
      expect(llm.requests).toHaveLength(0);
    } finally {
      chmodSync(home, 0o700);
    }
  });

  it('mcp.json as a symlink into a world-writable folder is refused', async () => {
    const home = await oddHome();
    const open = mkdtempSync(join(tmpdir(), 'g4f-chat-open-'));
    chmodSync(open, 0o777);
    const target = join(open, 'servers.json');
    writeFileSync(target, readFileSync(join(home, 'mcp.json')), { mode: 0o600 });
    const other = tempHome();
    symlinkSync(target, join(other, 'mcp.json'));
    mkdirSync(join(other, 'x'));
    const llm = await toolProvider(callThenEcho('odd__log'));
    const refused = await runCli(['ask', '-p', 'groq', '-T', 'odd', 'go'], { home: other, env: groqAt(llm.url) });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/mcp\.json can be changed by others \(.*g4f-chat-open-.* is writable by others, and .*mcp\.json links there\)/);
    expect(llm.requests).toHaveLength(0);
  });
});
