import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import type { ServerResponse } from 'node:http';

/**
 * A real agent CLI against `g4f-chat serve`: Codex (`@openai/codex`, which speaks only the
 * Responses API) installed from the registry into node_modules/.cache, run with `codex exec`
 * offline against serve, which fronts a loopback OpenAI-compatible provider that asks for
 * Codex's own `exec_command` tool. Codex runs the command; the test checks its side effect.
 *
 * Slow (a ~400 MB install the first time) and needs the npm registry, so it is out of the default
 * suite: `npm run test:agents` (G4F_AGENT_TESTS=1) runs it.
 */
const CODEX_VERSION = '0.171.0';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'agent-clis', `codex-${CODEX_VERSION}`);
const CODEX_BIN = join(CACHE, 'node_modules', '.bin', 'codex');

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

async function installCodex(): Promise<void> {
  if (existsSync(CODEX_BIN)) return;
  mkdirSync(CACHE, { recursive: true });
  await promisify(execFile)('npm', ['install', '--prefix', CACHE, '--no-save', '--no-audit', '--no-fund', `@openai/codex@${CODEX_VERSION}`], { timeout: 300_000 });
}

/** Asks for `exec_command` (writing the marker) until a tool result is in the conversation, then answers. */
function commandingUpstream(marker: string) {
  return (req: RecordedRequest, res: ServerResponse) => {
    if (req.method === 'GET') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[{"id":"m","object":"model"}]}');
    const body = JSON.parse(req.body);
    const chunk = (choice: Record<string, unknown>) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, ...choice }] })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (body.messages.some((m: { role: string }) => m.role === 'tool')) {
      return res.end(`${chunk({ delta: { content: 'The marker is written.' }, finish_reason: null })}${chunk({ delta: {}, finish_reason: 'stop' })}data: [DONE]\n\n`);
    }
    const args = JSON.stringify({ cmd: `printf %s ${marker} > marker.txt` });
    res.end(`${chunk({ delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'exec_command', arguments: args } }] }, finish_reason: null })}${chunk({ delta: {}, finish_reason: 'tool_calls' })}data: [DONE]\n\n`);
  };
}

function runCodex(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(CODEX_BIN, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.skipIf(process.env.G4F_AGENT_TESTS !== '1')('an agent CLI against serve: codex exec', () => {
  it('runs the tool the model asked for through /v1/responses and ends with the answer', { timeout: 420_000 }, async () => {
    await installCodex();
    const marker = `ran-${process.pid}-${Date.now()}`;
    const upstream = await serve(commandingUpstream(marker));
    const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
    const workdir = mkdtempSync(join(tmpdir(), 'g4f-chat-codex-work-'));
    const codexHome = mkdtempSync(join(tmpdir(), 'g4f-chat-codex-home-'));
    const config = [
      'model_provider="g4f"',
      'model_providers.g4f.name="g4f-chat serve"',
      `model_providers.g4f.base_url="${url}"`,
      'model_providers.g4f.wire_api="responses"',
      'model_providers.g4f.env_key="G4F_SERVE_KEY"',
      // A hosted tool runs on OpenAI's side; serve refuses it by name, so the client turns it off.
      'web_search="disabled"',
    ].flatMap((setting) => ['-c', setting]);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: codexHome, CODEX_HOME: codexHome, G4F_SERVE_KEY: 'unused' };
    const result = await runCodex(['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', ...config, '-m', 'auto', 'write the marker file'], workdir, env);

    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(workdir, 'marker.txt'), 'utf8')).toBe(marker);
    expect(result.stdout).toContain('The marker is written.');
    const chats = upstream.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body));
    expect(chats).toHaveLength(2);
    const toolNames = chats[0].tools.map((t: { function: { name: string } }) => t.function.name);
    expect(toolNames).toContain('exec_command');
    // Codex's namespace tools reach the provider under flat names.
    expect(toolNames.some((name: string) => /^multi_agent_v1__/.test(name))).toBe(true);
    const replayed = chats[1].messages;
    expect(replayed.find((m: { role: string; tool_calls?: unknown }) => m.role === 'assistant' && m.tool_calls)).toMatchObject({ tool_calls: [{ id: 'call_1', function: { name: 'exec_command' } }] });
    expect(replayed.find((m: { role: string }) => m.role === 'tool')).toMatchObject({ tool_call_id: 'call_1' });
  });
});
