import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { spawnInPty } from '../helpers/pty.js';
import { runCli } from '../helpers/run-cli.js';
import { groqAt, lastTool, toolProvider, type ToolStepBody } from '../helpers/tool-provider.js';
import { everythingHome } from '../helpers/mcp-everything.js';

afterEach(closeStartedServers);

describe('chat: MCP prompts and servers turned on later', () => {
  it('/SERVER:PROMPT name=value adds the prompt to the conversation; the next message follows it', async () => {
    const home = await everythingHome();
    const bodies: ToolStepBody[] = [];
    const llm = await toolProvider((body) => {
      bodies.push(body);
      return { text: 'sunny' };
    });
    const result = await runCli(['chat', '-p', 'groq'], { home, env: groqAt(llm.url), input: '/ev:args-prompt city=Paris\nand tomorrow?\n' });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/ev:args-prompt: 1 message added to the conversation; your next message follows it/);
    expect(bodies[0].messages).toEqual([
      { role: 'user', content: "What's weather in Paris?" },
      { role: 'user', content: 'and tomorrow?' },
    ]);
  }, 60_000);

  it("a prompt's messages are saved with the conversation: -c replays them, history show shows them", async () => {
    const home = await everythingHome();
    const bodies: ToolStepBody[] = [];
    const llm = await toolProvider((body) => {
      bodies.push(body);
      return { text: 'sunny' };
    });
    // Saved at once, even when the chat ends before another message.
    const first = await runCli(['chat', '-p', 'groq', '--session', 'weather'], { home, env: groqAt(llm.url), input: '/ev:args-prompt city=Paris\n' });
    expect(first.code).toBe(0);
    const again = await runCli(['chat', '-p', 'groq', '-c'], { home, env: groqAt(llm.url), input: 'and tomorrow?\n' });
    expect(again.code).toBe(0);
    expect(bodies[0].messages).toEqual([
      { role: 'user', content: "What's weather in Paris?" },
      { role: 'user', content: 'and tomorrow?' },
    ]);
    const shown = await runCli(['history', 'show', 'weather'], { home });
    expect(shown.stdout).toMatch(/What's weather in Paris\?[\s\S]*and tomorrow\?[\s\S]*sunny/);
  }, 60_000);

  it('/tools on SERVER starts a configured server the chat did not start with and offers its tools', async () => {
    const home = await everythingHome();
    const llm = await toolProvider((body) => (lastTool(body) === undefined ? { call: { name: 'ev__echo', arguments: JSON.stringify({ message: 'hello' }) } } : { text: `got: ${lastTool(body)}` }));
    const result = await runCli(['chat', '-p', 'groq', '-T', 'read_file', '--approve', 'ev'], { home, env: groqAt(llm.url), input: '/tools on ev\nsay hello\n' });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/ev is on: .*ev__echo/);
    expect(result.stdout).toContain('got: Echo: hello');
  }, 60_000);

  it('Tab completes prompt names, their argument names and the server\'s values for an argument', async () => {
    const home = await everythingHome();
    const term = spawnInPty(['chat', '-p', 'groq'], { home, env: groqAt('http://127.0.0.1:9') });
    try {
      await term.waitFor('/help for commands', { timeoutMs: 20_000 });
      let from = term.output().length;
      term.write('/ev:comp\t');
      await term.waitFor('/ev:completable-prompt ', { from, timeoutMs: 20_000 });
      from = term.output().length;
      term.write('de\t');
      await term.waitFor('department=', { from, timeoutMs: 10_000 });
      from = term.output().length;
      term.write('En\t');
      await term.waitFor('Engineering', { from, timeoutMs: 10_000 });
      from = term.output().length;
      // The server narrows a member's name by the department already given.
      term.write('na\t');
      await term.waitFor('name=', { from, timeoutMs: 10_000 });
      from = term.output().length;
      term.write('A\t');
      await term.waitFor('Alice', { from, timeoutMs: 10_000 });
      term.write('\r');
      await term.waitFor(/ev:completable-prompt: 1 message added/, { from, timeoutMs: 10_000 });
      from = term.output().length;
      term.write('/file mcp:ev/demo://resource/static/document/archi\t');
      await term.waitFor('architecture.md', { from, timeoutMs: 20_000 });
    } finally {
      term.kill();
    }
  }, 90_000);
});
