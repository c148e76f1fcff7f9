import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { lastTool, toolProvider, type ToolStepBody } from '../helpers/tool-provider.js';
import { addEverything } from '../helpers/mcp-everything.js';

afterEach(closeStartedServers);

/** Calls ev__get-tiny-image once, then answers; keeps every request's messages. */
async function imageCaller() {
  const bodies: ToolStepBody[] = [];
  const llm = await toolProvider((body) => {
    bodies.push(body);
    return lastTool(body) === undefined ? { call: { name: 'ev__get-tiny-image', arguments: '{}' } } : { text: 'a logo' };
  });
  return { llm, bodies };
}

describe('images from a tool result reach a model that takes images', () => {
  it('the next turn carries the image as an image part after the tool result, and the call line names it', async () => {
    const home = tempHome();
    await addEverything(home);
    const { llm, bodies } = await imageCaller();
    const env = { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: llm.url };
    const result = await runCli(['ask', '-p', 'groq', '-T', 'ev__get-tiny-image', '--approve', 'ev', 'what is it?'], { home, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('a logo\n');
    expect(result.stderr).toMatch(/ev__get-tiny-image .*\[image image\/png, \d+\.\d KB\]/);
    const second = bodies[1].messages;
    expect(second.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    const parts = second[3].content as Array<{ type: string; text?: string; image_url?: { url: string } }>;
    expect(parts.find((p) => p.type === 'text')?.text).toBe('[the images returned by ev__get-tiny-image (1 image)]');
    expect(parts.find((p) => p.type === 'image_url')?.image_url?.url).toMatch(/^data:image\/png;base64,iVBOR/);
  }, 60_000);

  it('a provider that takes no images gets the result named in text only', async () => {
    const home = tempHome();
    await addEverything(home);
    const { llm, bodies } = await imageCaller();
    const env = { DEEPSEEK_API_KEY: 'sk-test-1234567890', G4F_CHAT_DEEPSEEK_BASE_URL: llm.url };
    const result = await runCli(['ask', '-p', 'deepseek', '-T', 'ev__get-tiny-image', '--approve', 'ev', 'what is it?'], { home, env });
    expect(result.code).toBe(0);
    expect(bodies[1].messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(String(bodies[1].messages[2].content)).toMatch(/\[image image\/png, \d+\.\d KB\]/);
  }, 60_000);

  it('in chat too: the image follows the tool result in the next request', async () => {
    const home = tempHome();
    await addEverything(home);
    const { llm, bodies } = await imageCaller();
    const env = { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: llm.url };
    const result = await runCli(['chat', '-p', 'groq', '-T', 'ev__get-tiny-image', '--approve', 'ev'], { home, env, input: 'what is it?\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('a logo');
    expect(bodies[1].messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    const parts = bodies[1].messages[3].content as Array<{ type: string; image_url?: { url: string } }>;
    expect(parts.find((p) => p.type === 'image_url')?.image_url?.url).toMatch(/^data:image\/png;base64,iVBOR/);
  }, 60_000);
});
