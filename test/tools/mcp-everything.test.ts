import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { groqAt, lastTool, toolProvider, type ToolStepBody } from '../helpers/tool-provider.js';
import { everythingHome } from '../helpers/mcp-everything.js';

afterEach(closeStartedServers);

/** The official reference server, started from node_modules (never fetched). */
/** Calls `tool` with `args` once, then answers with the result it got. */
const callThenEcho = (tool: string, args: Record<string, unknown> = {}) => (body: ToolStepBody) =>
  lastTool(body) === undefined ? { call: { name: tool, arguments: JSON.stringify(args) } } : { text: `got: ${lastTool(body)}` };

describe('server-everything: what a server offers besides tools', () => {
  it('mcp resources lists each resource as the -f mcp:SERVER/URI that attaches it, and the templates', async () => {
    const home = await everythingHome();
    const listed = await runCli(['mcp', 'resources', 'ev'], { home });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ {2}mcp:ev\/demo:\/\/resource\/static\/document\/architecture\.md {2}text\/markdown/m);
    expect(listed.stdout).toMatch(/^ {2}template mcp:ev\/demo:\/\/resource\/dynamic\/text\/\{resourceId\}/m);
  });

  it('mcp prompts lists each prompt as SERVER:PROMPT with its arguments, optional ones in brackets', async () => {
    const home = await everythingHome();
    const listed = await runCli(['mcp', 'prompts'], { home });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ {2}ev:simple-prompt {2}A prompt with no arguments$/m);
    expect(listed.stdout).toMatch(/^ {2}ev:args-prompt city=… state=\[…\]/m);
  });

  it('mcp add of a name that exists refuses without --force and leaves the server as it was', async () => {
    const home = await everythingHome();
    const again = await runCli(['mcp', 'add', 'ev', '--', 'true'], { home });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/an MCP server named ev exists already; nothing was changed/);
    expect((await runCli(['mcp', 'list'], { home })).stdout).toMatch(/stdio: .*server-everything/);
    const forced = await runCli(['mcp', 'add', 'ev', '--force', '--', 'true'], { home });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/replaced MCP server ev/);
  });

  it('an embedded resource reaches the model with its text, in --json too (not "[resource ]")', async () => {
    const home = await everythingHome();
    const llm = await toolProvider(callThenEcho('ev__get-resource-reference', { resourceType: 'Text', resourceId: 3 }));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'ev__get-resource-reference', '--approve', 'ev', '--json', 'go'], { home, env: groqAt(llm.url) });
    expect(result.code).toBe(0);
    const call = JSON.parse(result.stdout).toolCalls[0];
    expect(call.result).toMatch(/\[resource demo:\/\/resource\/dynamic\/text\/3 text\/plain\]\nResource 3: This is a plaintext resource created at/);
  });

  it('structuredContent is kept, an image is named with its type and size', async () => {
    const home = await everythingHome();
    const llm = await toolProvider(callThenEcho('ev__get-tiny-image'));
    const image = await runCli(['ask', '-p', 'groq', '-T', 'ev', '--approve', 'ev', '--json', 'go'], { home, env: groqAt(llm.url) });
    expect(JSON.parse(image.stdout).toolCalls[0].result).toMatch(/Here's the image you requested:\n\[image image\/png, \d+\.\d KB\]\nThe image above is the MCP logo\./);
    const llm2 = await toolProvider(callThenEcho('ev__get-structured-content', { location: 'New York' }));
    const structured = await runCli(['ask', '-p', 'groq', '-T', 'ev', '--approve', 'ev', '--json', 'go'], { home, env: groqAt(llm2.url) });
    expect(JSON.parse(structured.stdout).toolCalls[0].result).toContain('"temperature":33');
  });

  it('a tool with taskSupport "required" is called as a task and polled to its report', async () => {
    const home = await everythingHome();
    const llm = await toolProvider(callThenEcho('ev__simulate-research-query', { topic: 'otters' }));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'ev__simulate-research-query', '--approve', 'ev', '--json', 'go'], { home, env: groqAt(llm.url) });
    expect(result.code).toBe(0);
    const call = JSON.parse(result.stdout).toolCalls[0];
    expect(call.result).toMatch(/# Research Report: otters/);
    expect(call.result).not.toMatch(/^error/);
  }, 30_000);

  it('a task is bounded by --tool-timeout', async () => {
    const home = await everythingHome();
    const llm = await toolProvider(callThenEcho('ev__simulate-research-query', { topic: 'otters' }));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'ev__simulate-research-query', '--approve', 'ev', '--tool-timeout', '1', '--json', 'go'], { home, env: groqAt(llm.url) });
    expect(JSON.parse(result.stdout).toolCalls[0].result).toMatch(/^error: .*1s/);
  }, 30_000);

  it('roots: the working folder is offered to the server', async () => {
    const home = await everythingHome();
    const work = join(home, 'project');
    mkdirSync(work);
    const llm = await toolProvider(callThenEcho('ev__get-roots-list'));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'ev__get-roots-list', '--approve', 'ev', '--json', 'go'], { home, cwd: work, env: groqAt(llm.url) });
    expect(JSON.parse(result.stdout).toolCalls[0].result).toContain(`URI: file://${work}`);
  });

  it('sampling without a terminal is declined unless --approve names the server; approved, the user\'s own chain answers it', async () => {
    const home = await everythingHome();
    const sampled: string[] = [];
    const llm = await toolProvider((body) => {
      const first = body.messages[0]?.content;
      if (typeof first === 'string' && first === 'You are a helpful test server.') {
        sampled.push(String(body.messages[1]?.content));
        return { text: 'a sampled answer' };
      }
      return callThenEcho('ev__trigger-sampling-request', { prompt: 'say hi' })(body);
    });
    const declined = await runCli(['ask', '-p', 'groq', '-T', 'ev__trigger-sampling-request', '--approve', 'ev__trigger-sampling-request', '--json', 'go'], { home, env: groqAt(llm.url) });
    expect(JSON.parse(declined.stdout).toolCalls[0].result).toMatch(/^error: .*no terminal.*--approve ev/);
    expect(sampled).toEqual([]);
    const approved = await runCli(['ask', '-p', 'groq', '-T', 'ev__trigger-sampling-request', '--approve', 'ev', '--json', 'go'], { home, env: groqAt(llm.url) });
    expect(sampled).toEqual(['Resource trigger-sampling-request context: say hi']);
    expect(JSON.parse(approved.stdout).toolCalls[0].result).toMatch(/LLM sampling result:[\s\S]*"text": "a sampled answer"/);
  });

  it('elicitation without a terminal is declined', async () => {
    const home = await everythingHome();
    const llm = await toolProvider(callThenEcho('ev__trigger-elicitation-request'));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'ev__trigger-elicitation-request', '--approve', 'ev', '--json', 'go'], { home, env: groqAt(llm.url) });
    expect(JSON.parse(result.stdout).toolCalls[0].result).toMatch(/declined/i);
  });

  it('-T SERVER__TOOL for a tool the server does not show names the tool and the tools it has', async () => {
    const home = await everythingHome();
    const llm = await toolProvider(() => ({ text: 'never' }));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'ev__delete-everything', 'go'], { home, env: groqAt(llm.url) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/MCP server ev offers no tool named delete-everything: its tools are echo, /);
    expect(llm.requests).toHaveLength(0);
  });
});

describe('-f mcp:SERVER/URI attaches a resource like a file', () => {
  it('a text resource is attached as text under its label, and so is a text/plain blob (decoded)', async () => {
    const home = await everythingHome();
    const llm = await toolProvider(() => ({ text: 'read it' }));
    const result = await runCli(['ask', '-p', 'groq', '-f', 'mcp:ev/demo://resource/dynamic/text/2', '-f', 'mcp:ev/demo://resource/dynamic/blob/5', 'summarise'], { home, env: groqAt(llm.url) });
    expect(result.code).toBe(0);
    const sent = JSON.stringify(JSON.parse(llm.requests[0].body).messages);
    expect(sent).toContain('mcp:ev/demo://resource/dynamic/text/2');
    expect(sent).toContain('Resource 2: This is a plaintext resource created at');
    expect(sent).toContain('### mcp:ev/demo://resource/dynamic/blob/5');
    expect(sent).toContain('Resource 5: This is a base64 blob created at');
  });

  it('an unknown server in -f mcp: is refused before any request', async () => {
    const home = await everythingHome();
    const llm = await toolProvider(() => ({ text: 'never' }));
    const result = await runCli(['ask', '-p', 'groq', '-f', 'mcp:nope/x://y', 'hi'], { home, env: groqAt(llm.url) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no MCP server named nope/);
    expect(llm.requests).toHaveLength(0);
  });
});

describe('server-filesystem', () => {
  it('reads a file of the folder it was given, and its resources-free list is said plainly', async () => {
    const home = tempHome();
    const folder = join(home, 'notes');
    mkdirSync(folder);
    writeFileSync(join(folder, 'todo.txt'), 'buy milk\n');
    const FILESYSTEM = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', import.meta.url));
    expect((await runCli(['mcp', 'add', 'fs', '--', process.execPath, FILESYSTEM, folder], { home })).code).toBe(0);
    const llm = await toolProvider(callThenEcho('fs__read_text_file', { path: join(folder, 'todo.txt') }));
    const result = await runCli(['ask', '-p', 'groq', '-T', 'fs__read_text_file', '--approve', 'fs', '--json', 'go'], { home, cwd: folder, env: groqAt(llm.url) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).toolCalls[0].result).toContain('buy milk');
    expect((await runCli(['mcp', 'resources', 'fs'], { home })).stdout).toBe('fs\n  (no resources)\n');
  });
});

describe('HTTP servers', () => {
  it('a dead HTTP server says "cannot connect to URL", not "SSE error: TypeError: fetch failed"', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const home = tempHome();
    await runCli(['mcp', 'add', 'dead', '--url', `http://127.0.0.1:${port}/mcp`], { home });
    const listed = await runCli(['mcp', 'list'], { home });
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain(`failed: MCP server dead: cannot connect to http://127.0.0.1:${port}/mcp (ECONNREFUSED)`);
    expect(listed.stdout).not.toMatch(/SSE error|fetch failed/);
  });
});
