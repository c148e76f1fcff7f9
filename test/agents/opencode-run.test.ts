import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { stopServes } from '../helpers/serve-process.js';
import { AGENT_TESTS, agentSetting, expectToolRan, installAgentCli, runAgentCli } from './agent-cli.js';

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
    const setting = await agentSetting('bash', (marker) => ({ command: `printf %s ${marker} > marker.txt`, description: 'Write the marker' }));
    const config = {
      $schema: 'https://opencode.ai/config.json',
      provider: { g4f: { npm: '@ai-sdk/openai-compatible', name: 'g4f-chat serve', options: { baseURL: setting.url, apiKey: 'unused' }, models: { auto: { name: 'auto', tool_call: true } } } },
      model: 'g4f/auto',
      permission: { bash: 'allow' },
    };
    writeFileSync(join(setting.workdir, 'opencode.json'), JSON.stringify(config));
    const xdg = Object.fromEntries(['CONFIG', 'DATA', 'CACHE', 'STATE'].map((kind) => [`XDG_${kind}_HOME`, join(setting.home, kind.toLowerCase())]));
    const env = { PATH: setting.path, HOME: setting.home, ...xdg, OPENCODE_DISABLE_AUTOUPDATE: '1' };
    expectToolRan(setting, 'bash', await runAgentCli(opencode, ['run', '-m', 'g4f/auto', 'write the marker file'], setting.workdir, env));
  });
});
