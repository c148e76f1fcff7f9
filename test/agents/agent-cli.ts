import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ServerResponse } from 'node:http';
import { expect } from 'vitest';
import { serve, type LoopbackServer, type RecordedRequest } from '../helpers/loopback-server.js';
import { startServe } from '../helpers/serve-process.js';

/** Agent CLIs are driven only when asked for: `npm run test:agents` sets this. */
export const AGENT_TESTS = process.env.G4F_AGENT_TESTS === '1';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Installs `pkg@version` from the registry into node_modules/.cache/agent-clis once; returns the path of its `bin`. */
export async function installAgentCli(pkg: string, version: string, bin: string): Promise<string> {
  const dir = join(ROOT, 'node_modules', '.cache', 'agent-clis', `${bin}-${version}`);
  const path = join(dir, 'node_modules', '.bin', bin);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  await promisify(execFile)('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', `${pkg}@${version}`], { timeout: 300_000 });
  return path;
}

/** Runs an agent CLI to its end (killed after 90 s), stdin closed. */
export function runAgentCli(bin: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * An OpenAI-compatible upstream (chunk shapes of vercel/ai's recorded
 * `packages/groq/src/__fixtures__/groq-tool-call.chunks.txt`) that asks for the agent's own
 * shell tool until a tool result is in the conversation, then answers `finalText`, each answer
 * after a piece of reasoning. A request without tools (a client's side task, such as a title)
 * gets the text straight away.
 */
export function commandingUpstream(tool: string, args: Record<string, unknown>, finalText: string) {
  return (req: RecordedRequest, res: ServerResponse) => {
    if (req.method === 'GET') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[{"id":"m","object":"model"}]}');
    const body = JSON.parse(req.body);
    const chunk = (choice: Record<string, unknown>) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, ...choice }] })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    // Reasoning first, as gpt-oss on Groq sends it (`delta.reasoning`): the client gets it and hands it back.
    const thought = chunk({ delta: { reasoning: 'Let me think.' }, finish_reason: null });
    if (!body.tools || body.messages.some((m: { role: string }) => m.role === 'tool')) {
      return res.end(`${thought}${chunk({ delta: { content: finalText }, finish_reason: null })}${chunk({ delta: {}, finish_reason: 'stop' })}data: [DONE]\n\n`);
    }
    const call = { index: 0, id: 'call_1', type: 'function', function: { name: tool, arguments: JSON.stringify(args) } };
    res.end(`${thought}${chunk({ delta: { tool_calls: [call] }, finish_reason: null })}${chunk({ delta: {}, finish_reason: 'tool_calls' })}data: [DONE]\n\n`);
  };
}

/** The chat requests an upstream received, parsed, with the ones that carried tools. */
export function toolRequests(requests: RecordedRequest[]): Array<{ tools: Array<{ function: { name: string } }>; messages: Array<Record<string, unknown>> }> {
  return requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body)).filter((b) => Array.isArray(b.tools));
}

/**
 * One agent run's setting: serve (chain: groq, and `serveArgs`) in front of a provider that asks
 * for `tool` to write a unique marker with `args(marker)`, an empty work folder and an empty home.
 */
export async function agentSetting(tool: string, args: (marker: string) => Record<string, unknown>, serveArgs: string[] = []) {
  const marker = `ran-${process.pid}-${Date.now()}`;
  const upstream = await serve(commandingUpstream(tool, args(marker), 'The marker is written.'));
  const { url } = await startServe(['-p', 'groq', ...serveArgs], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
  const workdir = mkdtempSync(join(tmpdir(), `g4f-chat-${tool}-work-`));
  const home = mkdtempSync(join(tmpdir(), `g4f-chat-${tool}-home-`));
  return { marker, upstream, url, workdir, home, path: process.env.PATH ?? '/usr/bin:/bin' };
}

/** The agent ran `tool`: the marker is written, the result went back to the model, the answer came out. */
export function expectToolRan(setting: { marker: string; upstream: LoopbackServer; workdir: string }, tool: string, result: { code: number | null; stdout: string; stderr: string }) {
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(readFileSync(join(setting.workdir, 'marker.txt'), 'utf8')).toBe(setting.marker);
  expect(result.stdout).toContain('The marker is written.');
  const chats = toolRequests(setting.upstream.requests);
  expect(chats).toHaveLength(2);
  expect(chats[0].tools.map((t) => t.function.name)).toContain(tool);
  expect(chats[1].messages.find((m) => m.role === 'assistant' && m.tool_calls)).toMatchObject({ tool_calls: [{ id: 'call_1', function: { name: tool } }] });
  expect(chats[1].messages.find((m) => m.role === 'tool')).toMatchObject({ tool_call_id: 'call_1' });
  return chats;
}
