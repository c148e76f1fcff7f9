import { afterEach, describe, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { stopServes } from '../helpers/serve-process.js';
import { AGENT_TESTS, agentSetting, expectToolRan, installAgentCli, runAgentCli } from './agent-cli.js';

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
    const setting = await agentSetting('Bash', (marker) => ({ command: `printf %s ${marker} > marker.txt`, description: 'Write the marker' }));
    const env = {
      PATH: setting.path,
      HOME: setting.home,
      ANTHROPIC_BASE_URL: setting.url.replace(/\/v1$/, ''),
      ANTHROPIC_API_KEY: 'unused-by-serve',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    };
    expectToolRan(setting, 'Bash', await runAgentCli(claude, ['-p', 'write the marker file', '--allowedTools', 'Bash', '--model', 'auto'], setting.workdir, env));
  });
});
