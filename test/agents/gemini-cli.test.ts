import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { stopServes } from '../helpers/serve-process.js';
import { AGENT_TESTS, agentSetting, expectToolRan, installAgentCli, runAgentCli } from './agent-cli.js';

/**
 * A real agent CLI against `g4f-chat serve`: gemini-cli (`@google/gemini-cli`, which speaks the
 * Gemini API through `@google/genai`) installed from the registry, run with `gemini -p` and
 * GOOGLE_GEMINI_BASE_URL at serve, which fronts a loopback OpenAI-compatible provider asking for
 * gemini-cli's `run_shell_command` tool (approved ahead with --yolo). With the Gemini API key login,
 * gemini-cli sends GEMINI_API_KEY as `x-goog-api-key` to GOOGLE_GEMINI_BASE_URL
 * (google-gemini/gemini-cli packages/core/src/core/contentGenerator.ts, createContentGenerator),
 * here serve's --api-key. The work folder is trusted with --skip-trust
 * (headless runs refuse an untrusted one); usage statistics and update checks are off in its settings.
 * Out of the default suite: `npm run test:agents`.
 */
afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

describe.skipIf(!AGENT_TESTS)('an agent CLI against serve: gemini -p', () => {
  it('runs the tool the model asked for through the Gemini API and ends with the answer', { timeout: 420_000 }, async () => {
    const gemini = await installAgentCli('@google/gemini-cli', '0.61.0', 'gemini');
    const token = 'serve-token-gemini-cli';
    const setting = await agentSetting('run_shell_command', (marker) => ({ command: `printf %s ${marker} > marker.txt`, description: 'Write the marker' }), ['--api-key', token]);
    mkdirSync(join(setting.home, '.gemini'));
    // gemini-cli 0.61 takes GOOGLE_GEMINI_BASE_URL alone as a "gateway" login, which its headless
    // mode then refuses ("Invalid auth method selected."): the Gemini API key login is chosen in
    // its settings, and GOOGLE_GEMINI_BASE_URL still sets where that key's requests go.
    const settings = { security: { auth: { selectedType: 'gemini-api-key' } }, privacy: { usageStatisticsEnabled: false }, general: { enableAutoUpdate: false, enableAutoUpdateNotification: false }, telemetry: { enabled: false } };
    writeFileSync(join(setting.home, '.gemini', 'settings.json'), JSON.stringify(settings));
    const env = {
      PATH: setting.path,
      HOME: setting.home,
      GOOGLE_GEMINI_BASE_URL: setting.url.replace(/\/v1$/, ''),
      GEMINI_API_KEY: token,
    };
    // As the README prints it: --skip-trust for a work folder gemini-cli was never told to trust.
    const result = await runAgentCli(gemini, ['-p', 'write the marker file', '--skip-trust', '--yolo', '-m', 'gemini-2.5-flash'], setting.workdir, env);
    const chats = expectToolRan(setting, 'run_shell_command', result);
    // gemini-cli's own preferences came through as OpenAI's words where they have them.
    expect(chats[0]).toMatchObject({ top_p: 0.95 });
  });
});
