import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { AGENT_TESTS, commandingUpstream, installAgentCli, runAgentCli, toolRequests } from './agent-cli.js';

/**
 * A real agent CLI against `g4f-chat serve`: Codex (`@openai/codex`, which speaks only the
 * Responses API) installed from the registry, run with `codex exec` offline against serve, which
 * fronts a loopback OpenAI-compatible provider asking for Codex's own `exec_command` tool. Codex
 * runs the command; the test checks its side effect. Out of the default suite (a ~400 MB install
 * that needs the registry): `npm run test:agents`.
 */
afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

describe.skipIf(!AGENT_TESTS)('an agent CLI against serve: codex exec', () => {
  it('runs the tool the model asked for through /v1/responses and ends with the answer', { timeout: 420_000 }, async () => {
    const codex = await installAgentCli('@openai/codex', '0.171.0', 'codex');
    const marker = `ran-${process.pid}-${Date.now()}`;
    const upstream = await serve(commandingUpstream('exec_command', { cmd: `printf %s ${marker} > marker.txt` }, 'The marker is written.'));
    const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
    const workdir = mkdtempSync(join(tmpdir(), 'g4f-chat-codex-work-'));
    const home = mkdtempSync(join(tmpdir(), 'g4f-chat-codex-home-'));
    // The settings the README gives; a hosted tool (web_search) would run on OpenAI's side and
    // serve refuses it by name, so the client turns it off.
    const config = ['model_provider=g4f', 'model_providers.g4f.name=g4f-chat', `model_providers.g4f.base_url=${url}`, 'model_providers.g4f.wire_api=responses', 'web_search=disabled'];
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CODEX_HOME: home };
    const result = await runAgentCli(codex, ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', ...config.flatMap((c) => ['-c', c]), '-m', 'auto', 'write the marker file'], workdir, env);

    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(workdir, 'marker.txt'), 'utf8')).toBe(marker);
    expect(result.stdout).toContain('The marker is written.');
    const chats = toolRequests(upstream.requests);
    expect(chats).toHaveLength(2);
    const toolNames = chats[0].tools.map((t) => t.function.name);
    expect(toolNames).toContain('exec_command');
    // Codex's namespace tools reach the provider under flat names.
    expect(toolNames.some((name) => /^multi_agent_v1__/.test(name))).toBe(true);
    expect(chats[1].messages.find((m) => m.role === 'assistant' && m.tool_calls)).toMatchObject({ tool_calls: [{ id: 'call_1', function: { name: 'exec_command' } }] });
    expect(chats[1].messages.find((m) => m.role === 'tool')).toMatchObject({ tool_call_id: 'call_1' });
  });
});
