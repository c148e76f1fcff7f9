import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/core/routing/catalog.js';
import { planChain } from '../../src/core/routing/plan-chain.js';
import { ChatSession, type TurnSettings } from '../../src/repl/chat-session.js';
import { runReplLoop } from '../../src/repl/repl-loop.js';
import { openAIChunk, openAIFinish, startServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { ScriptedIO } from '../helpers/scripted-io.js';

let server: LoopbackServer;
let answers: string[];

beforeEach(async () => {
  answers = [];
  server = await startServer((req, res) => {
    const messages = JSON.parse(req.body).messages as Array<{ role: string; content: string }>;
    const text = answers.shift() ?? `answer to ${messages.at(-1)!.content} [${messages.map((m) => m.role[0]).join('')}]`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(`${openAIChunk(text)}${openAIFinish()}data: [DONE]\n\n`);
  });
});
afterEach(() => server.close());

function newSession(overrides: Partial<TurnSettings> = {}): ChatSession {
  const settings: TurnSettings = { provider: 'openai', timeoutMs: 5000, retries: 0, markdown: false, stream: true, quiet: true, verbose: false, ...overrides };
  const catalog = new Catalog();
  return new ChatSession(settings, {
    catalog,
    plan: (current) =>
      planChain({ catalog, provider: current.provider, model: current.model, baseURL: server.url, apiKey: 'sk-transcript-000', env: {} }),
    describeError: (error) => ({ message: (error as Error).message }),
  });
}

async function run(inputs: string[], session = newSession()): Promise<{ io: ScriptedIO; session: ChatSession }> {
  const io = new ScriptedIO(inputs);
  await runReplLoop(session, io);
  return { io, session };
}

describe('chat transcripts', () => {
  it('keeps the conversation across turns and sends the system prompt', async () => {
    const { io } = await run(['/system be kind', 'one', 'two']);
    expect(io.stdout).toBe('answer to one [su]\nanswer to two [suau]\n');
  });

  it('/undo drops the last exchange and /retry asks again', async () => {
    const { io, session } = await run(['one', 'two', '/undo', 'three', '/retry']);
    expect(io.stdout).toBe('answer to one [u]\nanswer to two [uau]\nanswer to three [uau]\nanswer to three [uau]\n');
    expect(session.messages.map((m) => m.content)).toEqual(['one', 'answer to one [u]', 'three', 'answer to three [uau]']);
  });

  it('/clear starts again, /history shows the conversation', async () => {
    const { io } = await run(['one', '/history', '/clear', 'two']);
    expect(io.transcript).toContain('you: one\nassistant: answer to one [u]\n');
    expect(io.stdout).toContain('answer to two [u]\n');
  });

  it('/set changes settings and rejects bad values with the choices', async () => {
    const { io, session } = await run(['/set temperature 0.3', '/set temperature 9', '/set max-tokens 12', '/set colour red', 'hi']);
    expect(session.settings.temperature).toBe(0.3);
    expect(io.stderr).toContain('temperature takes a number from 0 to 2');
    expect(io.stderr).toMatch(/settable: temperature \(0 to 2\), max-tokens/);
    const body = JSON.parse(server.requests[0].body);
    expect(body).toMatchObject({ temperature: 0.3, max_tokens: 12 });
  });

  it('an unknown command gets a hint, not an error, and the chat goes on', async () => {
    const { io } = await run(['/hepl', '/frobnicate', 'still here']);
    expect(io.stderr).toContain('unknown command /hepl (did you mean /help?); /help lists them');
    expect(io.stderr).toContain('unknown command /frobnicate; /help lists them');
    expect(io.stdout).toBe('answer to still here [u]\n');
  });

  it('/help lists every command', async () => {
    const { io } = await run(['/help']);
    for (const name of ['/help', '/exit', '/clear', '/provider', '/model', '/system', '/retry', '/undo', '/history', '/copy', '/set', '/stats', '/save', '/load', '/sessions']) {
      expect(io.stderr).toContain(name);
    }
  });

  it('/model refuses a model the provider does not have, and /provider a provider that does not exist', async () => {
    const { io, session } = await run(['/provider aivvm', '/model gpt-9', '/model gpt-4', '/provider nope']);
    expect(io.stderr).toMatch(/aivvm has no model "gpt-9"/);
    expect(session.settings).toMatchObject({ provider: 'aivvm', model: 'gpt-4' });
    expect(io.stderr).toContain('unknown provider "nope"');
  });

  it('/exit ends the loop before later input', async () => {
    const { io } = await run(['/exit', 'never sent']);
    expect(io.stdout).toBe('');
    expect(server.requests).toHaveLength(0);
  });

  it('/stats counts answers', async () => {
    const { io } = await run(['a', 'b', '/stats']);
    expect(io.stderr).toMatch(/2 answers · 0 tokens in · 0 tokens out · [\d.]+s answering · 4 messages in context/);
  });

  it('/copy sends the last answer with OSC 52 on a terminal', async () => {
    const io = new ScriptedIO(['hello', '/copy'], { terminal: true });
    await runReplLoop(newSession(), io);
    expect(io.stdout).toContain(`\u001b]52;c;${Buffer.from('answer to hello [u]').toString('base64')}\u0007`);
    expect(io.stderr).toMatch(/sent 19 characters to the clipboard with OSC 52/);
  });

  it('a failed answer is reported and not added to the conversation', async () => {
    const session = newSession();
    await server.close();
    const io = new ScriptedIO(['lost']);
    await runReplLoop(session, io);
    expect(io.stderr).toMatch(/g4f-chat: connection refused/);
    expect(session.messages).toEqual([]);
  });
});
