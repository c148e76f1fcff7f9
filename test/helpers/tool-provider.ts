import type { ServerResponse } from 'node:http';
import { serve, type LoopbackServer, type RecordedRequest } from './loopback-server.js';

export type ToolStepBody = { messages: Array<{ role: string; content?: unknown; tool_call_id?: string }> };
export type Step = (body: ToolStepBody) => { call?: { name: string; arguments: string }; text?: string };

/** An OpenAI-compatible provider whose answers `step` decides: a tool call (ids call_1, call_2, …), or text. */
export function toolProvider(step: Step): Promise<LoopbackServer> {
  let n = 0;
  return serve((req: RecordedRequest, res: ServerResponse) => {
    const body = JSON.parse(req.body);
    const next = step(body);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    if (next.call) {
      n += 1;
      return res.end(`${chunk({ tool_calls: [{ index: 0, id: `call_${n}`, type: 'function', function: { name: next.call.name, arguments: next.call.arguments } }] })}${chunk({}, 'tool_calls')}data: [DONE]\n\n`);
    }
    res.end(`${chunk({ content: next.text ?? '' })}${chunk({}, 'stop')}data: [DONE]\n\n`);
  });
}

/** The latest tool result in a request, if any. */
export const lastTool = (body: ToolStepBody) => body.messages.filter((m) => m.role === 'tool').at(-1)?.content as string | undefined;

/** Reads `path` through files__read, then answers with what came back. */
export const readThenAnswer = (path = 'notes.txt'): Step => (body) =>
  lastTool(body) === undefined ? { call: { name: 'files__read', arguments: JSON.stringify({ path }) } } : { text: `${path} says: ${lastTool(body)!.trim()}` };

/** The environment that points groq at a loopback provider. */
export const groqAt = (url: string) => ({ GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: url });
