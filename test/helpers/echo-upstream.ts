import type { ServerResponse } from 'node:http';
import { serve, type LoopbackServer, type RecordedRequest } from './loopback-server.js';
import { startServe } from './serve-process.js';
import { tempHome } from './run-cli.js';

/** What an OpenAI-compatible upstream was sent: each request's messages as `role: text`. */
export function sentMessages(upstream: LoopbackServer, index: number): string[] {
  const body = JSON.parse(upstream.requests[index].body) as { messages: Array<{ role: string; content: unknown }> };
  return body.messages.map((m) => `${m.role}: ${typeof m.content === 'string' ? m.content : JSON.stringify(m.content)}`);
}

/** An OpenAI-compatible upstream that answers `heard: <the last user message>` (streamed or whole). */
function echo(req: RecordedRequest, res: ServerResponse): void {
  const body = JSON.parse(req.body) as { stream?: boolean; messages: Array<{ role: string; content: string }> };
  const text = `heard: ${body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? ''}`;
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }));
    return;
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(`${chunk({ content: text }, null)}${chunk({}, 'stop')}data: [DONE]\n\n`);
}

export function echoUpstream(): Promise<LoopbackServer> {
  return serve(echo);
}

/** `serve` in front of the echoing upstream (as groq), with more arguments and environment. */
export async function serveEcho(upstream: LoopbackServer, args: string[] = [], env: Record<string, string> = {}) {
  return startServe(['-p', 'groq', ...args], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: upstream.url, ...env });
}

/**
 * Two serve processes in front of `upstream`, one with Alice's key and one with Bob's, sharing
 * one state folder (so anything stored by one is on the other's disk too); each with its client.
 */
export async function aliceAndBob(upstream: LoopbackServer) {
  const { default: OpenAI } = await import('openai');
  const home = tempHome();
  const a = await serveEcho(upstream, ['--api-key', 'key-of-alice-123'], { G4F_CHAT_HOME: home });
  const b = await serveEcho(upstream, ['--api-key', 'key-of-bob-4567'], { G4F_CHAT_HOME: home });
  return {
    home,
    alice: new OpenAI({ baseURL: a.url, apiKey: 'key-of-alice-123', maxRetries: 0 }),
    bob: new OpenAI({ baseURL: b.url, apiKey: 'key-of-bob-4567', maxRetries: 0 }),
  };
}
