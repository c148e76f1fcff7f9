import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { AGENT_TESTS, commandingUpstream, installAgentCli, runAgentCli, toolRequests } from './agent-cli.js';

/**
 * A real agent CLI against `g4f-chat serve`: Claude Code (`@anthropic-ai/claude-code`, which
 * speaks Anthropic's Messages API) installed from the registry, run with `claude -p` and
 * ANTHROPIC_BASE_URL at serve, which fronts a loopback OpenAI-compatible provider asking for
 * Claude Code's `Bash` tool (allowed ahead with --allowedTools). The test checks the side effect.
 * Out of the default suite: `npm run test:agents`.
 */
afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

describe.skipIf(!AGENT_TESTS)('an agent CLI against serve: claude -p', () => {
  it('runs the tool the model asked for through /v1/messages and ends with the answer', { timeout: 420_000 }, async () => {
    const claude = await installAgentCli('@anthropic-ai/claude-code', '2.1.197', 'claude');
    const marker = `ran-${process.pid}-${Date.now()}`;
    const upstream = await serve(commandingUpstream('Bash', { command: `printf %s ${marker} > marker.txt`, description: 'Write the marker' }, 'The marker is written.'));
    const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
    const workdir = mkdtempSync(join(tmpdir(), 'g4f-chat-claude-work-'));
    const home = mkdtempSync(join(tmpdir(), 'g4f-chat-claude-home-'));
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      ANTHROPIC_BASE_URL: url.replace(/\/v1$/, ''),
      ANTHROPIC_API_KEY: 'unused-by-serve',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    };
    const result = await runAgentCli(claude, ['-p', 'write the marker file', '--allowedTools', 'Bash', '--model', 'auto'], workdir, env);

    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(readFileSync(join(workdir, 'marker.txt'), 'utf8')).toBe(marker);
    expect(result.stdout).toContain('The marker is written.');
    const chats = toolRequests(upstream.requests);
    expect(chats).toHaveLength(2);
    expect(chats[0].tools.map((t) => t.function.name)).toContain('Bash');
    expect(chats[1].messages.find((m) => m.role === 'assistant' && m.tool_calls)).toMatchObject({ tool_calls: [{ id: 'call_1', function: { name: 'Bash' } }] });
    expect(chats[1].messages.find((m) => m.role === 'tool')).toMatchObject({ tool_call_id: 'call_1' });
  });
});
