import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { AGENT_TESTS, commandingUpstream, installAgentCli, runAgentCli, toolRequests } from './agent-cli.js';

/**
 * A real agent CLI against `g4f-chat serve`: opencode (`opencode-ai`, on
 * `@ai-sdk/openai-compatible`) installed from the registry, run with `opencode run` against serve's
 * `/v1/chat/completions`, which fronts a loopback provider asking for opencode's `bash` tool.
 * opencode runs it; the test checks the side effect (a serve that stripped tools made opencode exit
 * 0 with a text answer and run nothing). Its models.dev lookup fails offline, which it survives.
 * Out of the default suite: `npm run test:agents`.
 */
afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

describe.skipIf(!AGENT_TESTS)('an agent CLI against serve: opencode run', () => {
  it('runs the tool the model asked for through /v1/chat/completions and ends with the answer', { timeout: 420_000 }, async () => {
    const opencode = await installAgentCli('opencode-ai', '1.18.33', 'opencode');
    const marker = `ran-${process.pid}-${Date.now()}`;
    const upstream = await serve(commandingUpstream('bash', { command: `printf %s ${marker} > marker.txt`, description: 'Write the marker' }, 'The marker is written.'));
    const { url } = await startServe(['-p', 'groq'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url });
    const workdir = mkdtempSync(join(tmpdir(), 'g4f-chat-opencode-work-'));
    const home = mkdtempSync(join(tmpdir(), 'g4f-chat-opencode-home-'));
    const config = {
      $schema: 'https://opencode.ai/config.json',
      provider: { g4f: { npm: '@ai-sdk/openai-compatible', name: 'g4f-chat serve', options: { baseURL: url, apiKey: 'unused' }, models: { auto: { name: 'auto', tool_call: true } } } },
      model: 'g4f/auto',
      permission: { bash: 'allow' },
    };
    writeFileSync(join(workdir, 'opencode.json'), JSON.stringify(config));
    const xdg = { XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state') };
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...xdg, OPENCODE_DISABLE_AUTOUPDATE: '1' };
    const result = await runAgentCli(opencode, ['run', '-m', 'g4f/auto', 'write the marker file'], workdir, env);

    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(workdir, 'marker.txt'), 'utf8')).toBe(marker);
    expect(result.stdout).toContain('The marker is written.');
    const chats = toolRequests(upstream.requests);
    expect(chats).toHaveLength(2);
    expect(chats[0].tools.map((t) => t.function.name)).toContain('bash');
    expect(chats[1].messages.find((m) => m.role === 'assistant' && m.tool_calls)).toMatchObject({ tool_calls: [{ id: 'call_1', function: { name: 'bash' } }] });
    expect(chats[1].messages.find((m) => m.role === 'tool')).toMatchObject({ tool_call_id: 'call_1' });
  });
});
