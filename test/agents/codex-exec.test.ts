import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { stopServes } from '../helpers/serve-process.js';
import { AGENT_TESTS, agentSetting, expectToolRan, installAgentCli, runAgentCli } from './agent-cli.js';

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
    const setting = await agentSetting('exec_command', (marker) => ({ cmd: `printf %s ${marker} > marker.txt` }));
    // The settings the README gives; a hosted tool (web_search) would run on OpenAI's side and
    // serve refuses it by name, so the client turns it off.
    const config = ['model_provider=g4f', 'model_providers.g4f.name=g4f-chat', `model_providers.g4f.base_url=${setting.url}`, 'model_providers.g4f.wire_api=responses', 'web_search=disabled'];
    const env = { PATH: setting.path, HOME: setting.home, CODEX_HOME: setting.home };
    const result = await runAgentCli(codex, ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', ...config.flatMap((c) => ['-c', c]), '-m', 'auto', 'write the marker file'], setting.workdir, env);

    const chats = expectToolRan(setting, 'exec_command', result);
    // Codex's namespace tools reach the provider under flat names.
    expect(chats[0].tools.some((t) => /^multi_agent_v1__/.test(t.function.name))).toBe(true);
  });
});
