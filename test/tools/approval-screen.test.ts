import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { spawnPty, type PtySession } from '../helpers/pty.js';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';
import { groqAt, lastTool, toolProvider } from '../helpers/tool-provider.js';

const NOT_APPROVED = 'the user did not approve this call';
let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});

/** The CLI on an 80×24 terminal, as a person with a small window would run it. */
function smallTerminal(args: string[], home: string, env: Record<string, string>): PtySession {
  const all: Record<string, string> = { ...cleanEnv(home), TERM: 'xterm-256color', SHELL: '/bin/sh', ...env };
  delete all.CI;
  return spawnPty(process.execPath, [BIN, ...args], { env: all, cols: 80, rows: 24 });
}

/** The 24 rows the person sees now (not the scrollback). */
async function visibleRows(output: string): Promise<string> {
  const term = new xterm.Terminal({ cols: 80, rows: 24, scrollback: 10_000, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(output, resolve));
  const buffer = term.buffer.active;
  const rows: string[] = [];
  for (let i = buffer.baseY; i < buffer.baseY + 24; i++) rows.push(buffer.getLine(i)?.translateToString(true) ?? '');
  term.dispose();
  return rows.join('\n');
}

describe('what you approve is what runs (80×24)', () => {
  it('ask -T: a command hidden behind 10,000 spaces is on the screen with the question; n runs nothing', async () => {
    const home = tempHome();
    const marker = join(home, 'pwned');
    const command = `touch ${marker}; :${' '.repeat(10_000)}echo hi`;
    const llm = await toolProvider((body) => (lastTool(body) === undefined ? { call: { name: 'run_command', arguments: JSON.stringify({ command }).replace(/t/g, '\\u0074') } } : { text: 'done' }));
    session = smallTerminal(['ask', '-p', 'groq', '-T', 'run_command', 'say hi'], home, groqAt(llm.url));
    await session.waitFor(/\[y\]es \/ \[a\]lways \/ \[n\]o \(default: no\)/);
    const screen = await visibleRows(session.output());
    expect(screen).toContain('touch');
    expect(screen.replace(/\n/g, '')).toContain(`run_command $ touch ${marker}; :⟨10000 spaces⟩echo hi?`);
    session.write('n');
    expect(await session.exited).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it('ask -T: Enter at the question means no', async () => {
    const home = tempHome();
    const marker = join(home, 'ran');
    const llm = await toolProvider((body) => (lastTool(body) === undefined ? { call: { name: 'run_command', arguments: JSON.stringify({ command: `touch ${marker}` }) } } : { text: `got: ${lastTool(body)}` }));
    session = smallTerminal(['ask', '-p', 'groq', '-T', 'run_command', 'make a file'], home, groqAt(llm.url));
    await session.waitFor(/\[y\]es \/ \[a\]lways \/ \[n\]o/);
    session.write('\r');
    expect(await session.exited).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(session.output()).toContain(`got: ${NOT_APPROVED}`);
  });

  it('ask --shell: a command hidden behind 6,000 spaces is on the screen above [e]xecute; a runs nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'g4f-shell-'));
    const marker = join(dir, 'pwned');
    const server = await serve((_req, res) => streamOpenAI(res, ['```sh\n', `touch ${marker}; :${' '.repeat(6000)}ls -la\n`, '```']));
    session = smallTerminal(['ask', '--shell', '-p', 'openai', '--base-url', server.url, 'list files'], tempHome(), { OPENAI_API_KEY: 'sk-test-1234567890abcdef' });
    await session.waitFor('[e]xecute, [d]escribe, [a]bort');
    const screen = await visibleRows(session.output());
    expect(screen.replace(/\n/g, '')).toContain(`touch ${marker}; :⟨6000 spaces⟩ls -la`);
    session.write('a');
    expect(await session.exited).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('a tool call you can watch and stop', () => {
  it('ask: the running call is shown with its seconds (even with --approve all); Ctrl-C stops it and the run, 130, the model not asked again', async () => {
    const home = tempHome();
    const marker = join(home, 'after');
    const llm = await toolProvider((body) => (lastTool(body) === undefined ? { call: { name: 'run_command', arguments: JSON.stringify({ command: `sleep 30; touch ${marker}` }) } } : { text: 'the model was asked again' }));
    session = smallTerminal(['ask', '-p', 'groq', '-T', 'run_command', '--approve', 'all', 'wait'], home, groqAt(llm.url));
    await session.waitFor(/⏺ run_command \$ sleep 30; touch \S+ · \d+s/, { timeoutMs: 15_000 });
    session.write('\x03');
    expect(await session.exited).toBe(130);
    expect(llm.requests).toHaveLength(1);
    expect(session.output()).not.toContain('the model was asked again');
    expect(existsSync(marker)).toBe(false);
  });

  it('in a pipe an unapproved call says there was no terminal to ask on, and names --approve', async () => {
    const home = tempHome();
    const llm = await toolProvider((body) => (lastTool(body) === undefined ? { call: { name: 'run_command', arguments: '{"command":"true"}' } } : { text: 'ok' }));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'run_command', 'x'], { home, env: groqAt(llm.url) });
    expect(result.stderr).toMatch(/⏺ run_command \$ true → the user did not approve this call: there is no terminal to ask on \(--approve run_command approves it ahead\)/);
  });

  it('chat: Ctrl-C during a call stops it, and the turn is not added to the conversation', async () => {
    const home = tempHome();
    const llm = await toolProvider((body) => (lastTool(body) === undefined ? { call: { name: 'run_command', arguments: '{"command":"sleep 30"}' } } : { text: 'asked again' }));
    session = smallTerminal(['chat', '-p', 'groq', '-T', 'run_command'], home, groqAt(llm.url));
    await session.waitFor(/›/);
    session.write('wait please\r');
    await session.waitFor(/\[y\]es \/ \[a\]lways \/ \[n\]o/);
    session.write('y');
    const at = await session.waitFor(/⏺ run_command \$ sleep 30 · \d+s/, { timeoutMs: 15_000 });
    session.write('\x03');
    await session.waitFor(/\[interrupted\]/, { from: at });
    session.write('/history\r');
    await session.waitFor(/\/history/, { from: at });
    session.write('\x04');
    await session.exited;
    expect(llm.requests).toHaveLength(1);
    expect(session.output().slice(at)).not.toContain('wait please');
  });
});
