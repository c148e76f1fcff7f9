import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

function bash(script: string, home: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { env: { ...cleanEnv(home), G4F: `"${process.execPath}" "${BIN}"` }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('close', () => resolve(out));
  });
}

describe('stdin you control', () => {
  it('a `while read` loop with --no-stdin processes every line', async () => {
    const server = await serve((req, res) => streamOpenAI(res, [`done: ${JSON.parse(req.body).messages.at(-1).content}`]));
    const home = tempHome();
    const out = await bash(`printf 'a\\nb\\nc\\n' | while read -r f; do eval "$G4F" ask -p openai --base-url ${server.url} --no-stdin '"summarize $f"'; done`, home);
    expect(out).toBe('done: summarize a\ndone: summarize b\ndone: summarize c\n');
  });

  it('input over --max-input is refused with its size and the flag, exit 2, nothing sent', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['never']));
    const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'summarize'], { input: 'x'.repeat(1_200_000) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stdin holds (more than the 1 MB limit|at least [\d.]+ MB, more than the 1 MB limit); nothing was sent/);
    // The size is said once, not twice.
    expect(result.stderr).not.toMatch(/1 MB.*\(at least 1 MB\)/);
    expect(result.stderr).toMatch(/--max-input/);
    expect(server.requests).toHaveLength(0);
    const raised = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--max-input', '2M', 'summarize'], { input: 'x'.repeat(1_200_000) });
    expect(raised.code).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('binary input is refused, exit 2, nothing sent', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    const nul = await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'what is this'], { input: 'ELF\u0000\u0001\u0002' });
    expect(nul.code).toBe(2);
    expect(nul.stderr).toMatch(/stdin is binary/);
    const latin1 = await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'what is this'], { input: Buffer.from('\xe9t\xe9 '.repeat(20), 'latin1') });
    expect(latin1.code).toBe(2);
    expect(latin1.stderr).toMatch(/stdin is not UTF-8 text \(40 invalid sequences\)/);
    // A stray invalid byte or two is text with a flaw, not binary.
    const flawed = await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'what is this'], { input: Buffer.concat([Buffer.from('almost all text '), Buffer.from([0xff])]) });
    expect(flawed.code).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('a conversation is titled by the question, not the piped text', async () => {
    const home = tempHome();
    const server = await serve((_req, res) => streamOpenAI(res, ['ok']));
    await runCli(['ask', '-p', 'openai', '--base-url', server.url, 'review this diff'], { home, input: 'diff --git a/x b/x\n+secret line\n' });
    const list = await runCli(['history'], { home });
    expect(list.stdout).toContain('review this diff');
    expect(list.stdout).not.toContain('diff --git');
  });
});
