import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { spawnInPty, type PtySession } from '../helpers/pty.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { groqAt, lastTool, toolProvider, type ToolStepBody } from '../helpers/tool-provider.js';

afterEach(closeStartedServers);

const ASKING = fileURLToPath(new URL('../fixtures/mcp-asking-server.mjs', import.meta.url));

async function askingHome(): Promise<string> {
  const home = tempHome();
  expect((await runCli(['mcp', 'add', 'asking', '--', process.execPath, ASKING], { home })).code).toBe(0);
  return home;
}

/** A model that calls `tool` once, answers a sampling request with "teal", and then says what the tool gave back. */
async function modelCalling(tool: string) {
  const bodies: ToolStepBody[] = [];
  const llm = await toolProvider((body) => {
    bodies.push(body);
    if (body.messages[0]?.content === 'name a colour') return { text: 'teal' };
    return lastTool(body) === undefined ? { call: { name: tool, arguments: '{}' } } : { text: `done: ${lastTool(body)}` };
  });
  return { llm, bodies };
}

/** Sends `keys` once `pattern` shows after `from`; the position after it. */
async function answer(term: PtySession, pattern: RegExp | string, keys: string, from = 0): Promise<number> {
  const at = await term.waitFor(pattern, { from, timeoutMs: 20_000 });
  term.write(keys);
  return at + 1;
}

describe('on a terminal: a server asks the user', () => {
  it('elicitation form: the fields are asked one by one, the key field said to be one, and the values go back', async () => {
    const home = await askingHome();
    const { llm } = await modelCalling('asking__form');
    const term = spawnInPty(['ask', '-p', 'groq', '-T', 'asking', '--approve', 'asking', 'go'], { home, env: groqAt(llm.url) });
    let at = await answer(term, /looks like a password or key/, '');
    at = await answer(term, /answer\?.*\[y\]es/, 'y', at);
    at = await answer(term, /Name/, 'Ada\r', at);
    at = await answer(term, /Age/, '36\r', at);
    at = await answer(term, /Subscribe/, 'y\r', at);
    at = await answer(term, /Color/, '\x1b[B\r', at);
    at = await answer(term, /API key/, 'sk-1\r', at);
    await term.waitFor(/done: elicited:/, { from: at, timeoutMs: 20_000 });
    expect(await term.exited).toBe(0);
    expect(term.output()).toContain('done: elicited: {"action":"accept","content":{"name":"Ada","age":36,"subscribe":true,"color":"green","apiKey":"sk-1"}}');
    // The key typed is masked on screen.
    expect(term.output()).not.toMatch(/API key.*sk-1/);
  }, 60_000);

  it('elicitation multi-select (items.enum, items.anyOf): a checkbox list, within minItems, defaults ticked; the chosen values go back as a list', async () => {
    const home = await askingHome();
    const { llm } = await modelCalling('asking__pick');
    const term = spawnInPty(['ask', '-p', 'groq', '-T', 'asking', '--approve', 'asking', 'go'], { home, env: groqAt(llm.url) });
    let at = await answer(term, /answer\?.*\[y\]es/, 'y');
    // Enter with nothing ticked is refused: at least one fruit.
    at = await answer(term, /Fruits/, '\r', at);
    at = await answer(term, /choose at least 1/, ' \x1b[B\x1b[B \r', at);
    // Small is added to Large, ticked by default.
    at = await answer(term, /Sizes[\s\S]*Small[\s\S]*Large/, ' \r', at);
    await term.waitFor(/done: elicited:/, { from: at, timeoutMs: 20_000 });
    expect(await term.exited).toBe(0);
    expect(term.output()).toContain('done: elicited: {"action":"accept","content":{"fruits":["apple","plum"],"sizes":["s","l"]}}');
  }, 60_000);

  it('elicitation multi-select without a terminal is declined', async () => {
    const home = await askingHome();
    const { llm } = await modelCalling('asking__pick');
    const result = await runCli(['ask', '-p', 'groq', '-T', 'asking', '--approve', 'asking', 'go'], { home, env: groqAt(llm.url) });
    expect(result.stdout).toContain('done: elicited: {"action":"decline"}');
  }, 60_000);

  it('elicitation form declined with n: the server hears "decline"', async () => {
    const home = await askingHome();
    const { llm } = await modelCalling('asking__form');
    const term = spawnInPty(['ask', '-p', 'groq', '-T', 'asking', '--approve', 'asking', 'go'], { home, env: groqAt(llm.url) });
    await answer(term, /answer\?.*\[y\]es/, 'n');
    await term.waitFor(/done: elicited: \{"action":"decline"\}/, { timeoutMs: 20_000 });
    expect(await term.exited).toBe(0);
  }, 60_000);

  it('sampling in ask: n declines, y sends it to the user\'s own provider', async () => {
    const home = await askingHome();
    const { llm, bodies } = await modelCalling('asking__sample');
    const denied = spawnInPty(['ask', '-p', 'groq', '-T', 'asking', '--approve', 'asking__sample', 'go'], { home, env: groqAt(llm.url) });
    await answer(denied, /send it\?.*\[a\]lways for this server/, 'n');
    await denied.waitFor(/done: error: sampling refused: .*the user declined/, { timeoutMs: 20_000 });
    expect(await denied.exited).toBe(0);
    expect(bodies.some((b) => b.messages[0]?.content === 'name a colour')).toBe(false);
    const allowed = spawnInPty(['ask', '-p', 'groq', '-T', 'asking', '--approve', 'asking__sample', 'go'], { home, env: groqAt(llm.url) });
    const at = await answer(allowed, /MCP server asking asks your model to answer/, '');
    await answer(allowed, /send it\?/, 'y', at);
    await allowed.waitFor(/done: sampled: teal/, { timeoutMs: 20_000 });
    expect(await allowed.exited).toBe(0);
    // The running call's line is taken off before the question, not run into it (nor redrawn over it).
    expect(allowed.output()).toMatch(/\r\x1b\[K(\x1b\[1m)?MCP server asking asks/);
    expect(allowed.output()).not.toMatch(/· \d+s(\x1b\[22m)?(\x1b\[1m)?MCP server/);
  }, 60_000);

  it('sampling in chat: asked on the chat\'s terminal; a (always) holds for the rest of the chat', async () => {
    const home = await askingHome();
    const { llm } = await modelCalling('asking__sample');
    const term = spawnInPty(['chat', '-p', 'groq', '-T', 'asking', '--approve', 'asking__sample'], { home, env: groqAt(llm.url) });
    let at = await answer(term, '/help for commands', 'go\r');
    at = await answer(term, /send it\?.*\[a\]lways for this server/, 'a', at);
    at = await term.waitFor(/done: sampled: teal/, { from: at, timeoutMs: 20_000 });
    // Asked again in the same chat: not asked, answered.
    term.write('again\r');
    await term.waitFor(/done: sampled: teal[\s\S]*done: sampled: teal/, { timeoutMs: 20_000 });
    expect(term.output().match(/send it\?/g)).toHaveLength(1);
    term.write('\x04');
    expect(await term.exited).toBe(0);
  }, 60_000);
});

describe('chat: /root DIR', () => {
  it('adds a root: a started server hears roots/list_changed and is offered the folder', async () => {
    const home = await askingHome();
    const work = join(home, 'work');
    mkdirSync(join(work, 'sub'), { recursive: true });
    // Each message: one call of asking__roots, then an answer with what it returned.
    const llm = await toolProvider((body) => (body.messages.at(-1)?.role === 'tool' ? { text: `seen: ${lastTool(body)}` } : { call: { name: 'asking__roots', arguments: '{}' } }));
    const result = await runCli(['chat', '-p', 'groq', '-T', 'asking__roots', '--approve', 'asking'], { home, cwd: work, env: groqAt(llm.url), input: 'before\n/root sub\nafter\n/root sub\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`seen: changes: 0; roots: file://${work}\n`);
    expect(result.stdout).toContain(`seen: changes: 1; roots: file://${work} file://${join(work, 'sub')}`);
    expect(result.stderr).toContain(`roots: ${work}, ${join(work, 'sub')}`);
  }, 60_000);
});
