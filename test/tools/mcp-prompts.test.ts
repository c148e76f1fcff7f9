import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';
import { groqAt, toolProvider, type ToolStepBody } from '../helpers/tool-provider.js';
import { everythingHome } from '../helpers/mcp-everything.js';

afterEach(closeStartedServers);

/** A provider that answers "ok" and keeps the messages of each request. */
async function recordingProvider() {
  const bodies: ToolStepBody[] = [];
  const llm = await toolProvider((body) => {
    bodies.push(body);
    return { text: 'ok' };
  });
  return { llm, bodies };
}

describe('ask --mcp-prompt SERVER:PROMPT --arg k=v', () => {
  it("puts the prompt's messages before the question, with its arguments filled in", async () => {
    const home = await everythingHome();
    const { llm, bodies } = await recordingProvider();
    const result = await runCli(['ask', '-p', 'groq', '--mcp-prompt', 'ev:args-prompt', '--arg', 'city=Paris', '--arg', 'state=Texas', 'and tomorrow?'], { home, env: groqAt(llm.url) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ok\n');
    expect(bodies[0].messages).toEqual([
      { role: 'user', content: "What's weather in Paris, Texas?" },
      { role: 'user', content: 'and tomorrow?' },
    ]);
  });

  it('without a question the prompt is the question', async () => {
    const home = await everythingHome();
    const { llm, bodies } = await recordingProvider();
    const result = await runCli(['ask', '-p', 'groq', '--mcp-prompt', 'ev:simple-prompt'], { home, env: groqAt(llm.url) });
    expect(result.code).toBe(0);
    expect(bodies[0].messages).toEqual([{ role: 'user', content: 'This is a simple prompt without arguments.' }]);
  });

  it('a required argument left out, an unknown argument, an unknown prompt or server: exit 2 naming it, nothing sent', async () => {
    const home = await everythingHome();
    const { llm, bodies } = await recordingProvider();
    const env = groqAt(llm.url);
    const missing = await runCli(['ask', '-p', 'groq', '--mcp-prompt', 'ev:args-prompt', 'hi'], { home, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/the prompt ev:args-prompt needs city/);
    expect(missing.stderr).toMatch(/city=… \[state=…\]/);
    const unknown = await runCli(['ask', '-p', 'groq', '--mcp-prompt', 'ev:args-prompt', '--arg', 'city=Paris', '--arg', 'country=FR', 'hi'], { home, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/takes no argument named country/);
    const noPrompt = await runCli(['ask', '-p', 'groq', '--mcp-prompt', 'ev:nope', 'hi'], { home, env });
    expect(noPrompt.code).toBe(2);
    expect(noPrompt.stderr).toMatch(/MCP server ev offers no prompt named nope/);
    const noServer = await runCli(['ask', '-p', 'groq', '--mcp-prompt', 'zz:simple-prompt', 'hi'], { home, env });
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toMatch(/no MCP server named zz/);
    const badArg = await runCli(['ask', '-p', 'groq', '--mcp-prompt', 'ev:args-prompt', '--arg', 'Paris', 'hi'], { home, env });
    expect(badArg.code).toBe(2);
    expect(badArg.stderr).toMatch(/"Paris" is not NAME=VALUE/);
    expect(bodies).toEqual([]);
  }, 90_000);
});
