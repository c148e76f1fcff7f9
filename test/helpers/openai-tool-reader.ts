import type { ServerResponse } from 'node:http';
import { serve, type LoopbackServer, type RecordedRequest } from './loopback-server.js';

/**
 * An OpenAI-compatible stand-in that calls files__read on notes.txt once (id `call_abc`), then
 * answers "notes.txt says: …" from the result: a conversation saved from an OpenAI-shaped provider.
 */
export function openAIReader(): Promise<LoopbackServer> {
  return serve((req: RecordedRequest, res: ServerResponse) => {
    const body = JSON.parse(req.body) as { messages: Array<{ role: string; content?: string }> };
    const result = body.messages.filter((m) => m.role === 'tool').at(-1)?.content;
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (result === undefined) {
      return res.end(`${chunk({ tool_calls: [{ index: 0, id: 'call_abc', type: 'function', function: { name: 'files__read', arguments: '{"path":"notes.txt"}' } }] })}${chunk({}, 'tool_calls')}data: [DONE]\n\n`);
    }
    res.end(`${chunk({ content: `notes.txt says: ${result.trim()}` })}${chunk({}, 'stop')}data: [DONE]\n\n`);
  });
}
