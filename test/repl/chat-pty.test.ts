import { afterEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { openAIChunk, openAIFinish, startServer, type LoopbackServer, type RecordedRequest } from '../helpers/loopback-server.js';
import { spawnInPty, type PtySession } from '../helpers/pty.js';
import { tempHome } from '../helpers/run-cli.js';

let server: LoopbackServer | undefined;
let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await server?.close();
  server = undefined;
});

const ENTER = '\r';
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const UP = '\u001b[A';

/** Answers "echo: <last message>", slowly when the message says so. */
function echoServer(req: RecordedRequest, res: ServerResponse): void {
  // /model asks the server for its models first.
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano'].map((id) => ({ id })) }));
    return;
  }
  const messages = JSON.parse(req.body).messages as Array<{ content: string }>;
  const last = messages.at(-1)!.content;
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  if (last.includes('slow')) {
    res.write(openAIChunk('slow start '));
    const timer = setInterval(() => res.write(openAIChunk('. ')), 100);
    res.on('close', () => clearInterval(timer));
    return;
  }
  if (last.includes('evil')) {
    res.end(`${openAIChunk('before\u001b[2J\u001b]0;pwned\u0007\u001b[31mred after\n')}${openAIFinish()}data: [DONE]\n\n`);
    return;
  }
  res.end(`${openAIChunk(`echo: ${last.replace(/\n/g, ' | ')} (${messages.length} messages)\n`)}${openAIFinish()}data: [DONE]\n\n`);
}

function startChat(home: string, url: string, extra: string[] = []): PtySession {
  return spawnInPty(['chat', '-p', 'openai', '--base-url', url, ...extra], { home, env: { OPENAI_API_KEY: 'sk-pty-test-123456' } });
}

describe('g4f-chat chat in a real terminal', () => {
  it('streams an answer, keeps the conversation, and leaves with Ctrl-D', async () => {
    server = await startServer(echoServer);
    session = startChat(tempHome(), server.url);
    await session.waitFor('/help for commands');
    session.write(`first question${ENTER}`);
    let at = await session.waitFor('echo: first question (1 messages)');
    session.write(`second${ENTER}`);
    at = await session.waitFor('echo: second (3 messages)', { from: at });
    session.write(CTRL_D);
    expect(await session.exited).toBe(0);
  });

  it('stops an answer with Ctrl-C, keeps the chat, and leaves the interrupted turn out', async () => {
    server = await startServer(echoServer);
    session = startChat(tempHome(), server.url);
    await session.waitFor('/help for commands');
    session.write(`please be slow${ENTER}`);
    const at = await session.waitFor('slow start');
    session.write(CTRL_C);
    await session.waitFor('[interrupted]', { from: at });
    await server.requests[0].closed;
    session.write(`next one${ENTER}`);
    await session.waitFor('echo: next one (1 messages)', { from: at });
    session.write(`/exit${ENTER}`);
    expect(await session.exited).toBe(0);
  });

  it('sends a """ block as one message', async () => {
    server = await startServer(echoServer);
    session = startChat(tempHome(), server.url);
    await session.waitFor('/help for commands');
    session.write(`"""${ENTER}`);
    await session.waitFor('… ');
    session.write(`line one${ENTER}line two${ENTER}"""${ENTER}`);
    await session.waitFor('echo: line one | line two (1 messages)');
    expect(JSON.parse(server.requests[0].body).messages.at(-1).content).toBe('line one\nline two');
  });

  it('sends a bracketed paste of several lines as one message', async () => {
    server = await startServer(echoServer);
    session = startChat(tempHome(), server.url);
    await session.waitFor('/help for commands');
    session.write(`\u001b[200~pasted a\npasted b\u001b[201~${ENTER}`);
    await session.waitFor('echo: pasted a | pasted b (1 messages)');
    expect(server.requests).toHaveLength(1);
  });

  it('recalls earlier input with Up after a restart', async () => {
    server = await startServer(echoServer);
    const home = tempHome();
    session = startChat(home, server.url);
    await session.waitFor('/help for commands');
    session.write(`remember me${ENTER}`);
    await session.waitFor('echo: remember me');
    session.write(` secret with leading space${ENTER}`);
    await session.waitFor('echo:  secret with leading space');
    session.write(CTRL_D);
    await session.exited;
    session = startChat(home, server.url);
    await session.waitFor('/help for commands');
    session.write(UP);
    session.write(ENTER);
    await session.waitFor('echo: remember me (1 messages)');
  });

  it('switches the model with /model and shows model text harmlessly', async () => {
    server = await startServer(echoServer);
    session = startChat(tempHome(), server.url);
    await session.waitFor('/help for commands');
    session.write(`/model gpt-4o${ENTER}`);
    await session.waitFor('model gpt-4o');
    session.write(`evil please${ENTER}`);
    const at = await session.waitFor('red after');
    // /model checks the name against the server's list first (a GET), then the message goes out.
    expect(JSON.parse(server.requests.find((r) => r.method === 'POST')!.body).model).toBe('gpt-4o');
    const screen = session.output().slice(0, at + 20);
    expect(screen).toContain('before␛[2J␛]0;pwned␇␛[31mred after');
    expect(screen).not.toContain('\u001b[2J');
    expect(screen).not.toContain('\u001b]0;');
  });

  it('picks a model from a list with /model and no argument', async () => {
    server = await startServer(echoServer);
    session = startChat(tempHome(), server.url);
    await session.waitFor('/help for commands');
    session.write(`/model${ENTER}`);
    await session.waitFor('gpt-4.1-nano');
    session.write('\u001b[B');
    await new Promise((r) => setTimeout(r, 100));
    session.write(ENTER);
    await session.waitFor('model gpt-4o');
    session.write(`hi${ENTER}`);
    await session.waitFor('echo: hi');
    expect(JSON.parse(server.requests.find((r) => r.method === 'POST')!.body).model).toBe('gpt-4o');
  });

  it('says how to leave on Ctrl-C at an empty prompt, and leaves on a second one', async () => {
    server = await startServer(echoServer);
    session = startChat(tempHome(), server.url);
    await session.waitFor('/help for commands');
    session.write(CTRL_C);
    await session.waitFor('press Ctrl-C again or Ctrl-D');
    session.write(CTRL_C);
    expect(await session.exited).toBe(0);
  });
});

describe('leaving chat with Ctrl-D', () => {
  /** What a crash on the way out leaves on the screen: an error name, a Node error code, a stack frame. */
  const expectCleanExit = async (pty: PtySession) => {
    expect(await pty.exited).toBe(0);
    expect(pty.output()).not.toMatch(/ERR_[A-Z_]+|\bError\b|^\s+at /m);
  };

  it('at an empty prompt, before anything was sent: exit 0, no error on the screen', async () => {
    server = await startServer(echoServer);
    session = startChat(tempHome(), server.url);
    await session.waitFor('/help for commands');
    session.write(CTRL_D);
    await expectCleanExit(session);
  });

  it('inside a """ block: exit 0, no error on the screen', async () => {
    server = await startServer(echoServer);
    session = startChat(tempHome(), server.url);
    await session.waitFor('/help for commands');
    session.write(`"""${ENTER}`);
    const at = await session.waitFor('… ');
    session.write(`unfinished${ENTER}`);
    await session.waitFor('… ', { from: at + 2 });
    session.write(CTRL_D);
    await expectCleanExit(session);
  });
});

describe('g4f-chat chat leaving the terminal as it found it', () => {
  it('turns bracketed paste off again on exit and on SIGTERM', async () => {
    server = await startServer(echoServer);
    session = startChat(tempHome(), server.url);
    await session.waitFor('/help for commands');
    expect(session.output()).toContain('\u001b[?2004h');
    session.write(CTRL_D);
    expect(await session.exited).toBe(0);
    expect(session.output()).toContain('\u001b[?2004l');
  });

  it('restores the terminal when terminated', async () => {
    server = await startServer(echoServer);
    session = startChat(tempHome(), server.url);
    await session.waitFor('/help for commands');
    session.kill('SIGTERM');
    expect(await session.exited).toBe(143);
    expect(session.output()).toContain('\u001b[?2004l');
  });
});
