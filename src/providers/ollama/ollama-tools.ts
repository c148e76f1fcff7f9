import { randomBytes } from 'node:crypto';
import { UsageError } from '../../ground/errors.js';
import type { ChatRequest, Message, StreamPart } from '../../ground/types.js';
import { argumentsObject } from '../tool-arguments.js';

type Json = Record<string, unknown>;

/*
 * Ollama's tool shapes, from ollama/ollama api/types.go (ChatRequest.Tools, Tool, ToolFunction,
 * ToolCall {id, function:{index, name, arguments}} with ToolCallFunctionArguments an object,
 * Message.ToolName and Message.ToolCallID), docs/api.md ("Chat request (Streaming with tools)",
 * "Chat request (With history, with tools)") and ollama/ollama-js src/interfaces.ts (Tool, ToolCall).
 */

/**
 * The `tools` of an Ollama chat body. Ollama has no `tool_choice`: offering tools is 'auto', and
 * 'none' is honoured by offering none. 'required' or a named tool cannot be honoured, so it is
 * refused rather than dropped (serve refuses it earlier with `unsupported_parameter`).
 */
export function ollamaToolFields(req: ChatRequest): Json {
  if (!req.tools?.length || req.toolChoice === 'none') return {};
  if (req.toolChoice !== undefined && req.toolChoice !== 'auto') {
    throw new UsageError('ollama cannot make the model call a tool: its API has no tool_choice', 'leave tool_choice at auto, or choose a provider that takes it: openai, anthropic, groq…');
  }
  return { tools: req.tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } })) };
}

/**
 * The conversation as Ollama's messages: an assistant's calls as `tool_calls` with their
 * arguments as an object (text that is not a JSON object becomes `{}`), a tool result as
 * `{role:"tool", content, tool_name, tool_call_id}` — the name taken from the call it answers
 * when the message does not carry one — and images as a list of base64 strings.
 */
export function ollamaMessages(messages: readonly Message[]): Json[] {
  const names = new Map<string, string>();
  return messages.map((m) => {
    if (m.role === 'assistant' && m.toolCalls?.length) {
      for (const c of m.toolCalls) names.set(c.id, c.name);
      // ollama api/types.go Message.Thinking: the reasoning that led to the calls goes back with them.
      return { role: 'assistant', content: m.content, ...(m.reasoning ? { thinking: m.reasoning } : {}), tool_calls: m.toolCalls.map((c) => ({ id: c.id, function: { name: c.name, arguments: argumentsObject(c.arguments) } })) };
    }
    if (m.role === 'tool') {
      const name = m.toolName ?? (m.toolCallId !== undefined ? names.get(m.toolCallId) : undefined);
      return { role: 'tool', content: m.content, ...(name ? { tool_name: name } : {}), ...(m.toolCallId ? { tool_call_id: m.toolCallId } : {}) };
    }
    if (m.images?.length) return { role: m.role, content: m.content, images: m.images.map((i) => i.data) };
    return { role: m.role, content: m.content };
  });
}

/**
 * Reads `message.tool_calls` from streamed lines. Each call arrives whole in one line (often with
 * `done:false`, the `done:true` line after it saying `done_reason:"stop"`). Current Ollama sends
 * an `id` (server/routes.go toolCallId, "call_" and 8 characters); older servers and ollama-js's
 * ToolCall have none, so one is made up, unique across the turns of a conversation.
 */
export class OllamaToolCalls {
  private count = 0;
  private readonly prefix = `call_${randomBytes(4).toString('hex')}`;

  get seen(): boolean {
    return this.count > 0;
  }

  read(message: Json | undefined): StreamPart[] {
    const calls = message?.tool_calls;
    if (!Array.isArray(calls)) return [];
    const parts: StreamPart[] = [];
    for (const call of calls) {
      const fn = (call && typeof call === 'object' ? (call as Json).function : undefined) as Json | undefined;
      if (!fn || typeof fn.name !== 'string') continue;
      const id = (call as Json).id;
      const args = fn.arguments;
      // Arguments are an object on the wire; a server that sends them as text is passed on as is.
      const text = typeof args === 'string' ? args : args && typeof args === 'object' ? JSON.stringify(args) : '{}';
      parts.push({ type: 'tool-call', id: typeof id === 'string' && id ? id : `${this.prefix}_${this.count}`, name: fn.name, arguments: text });
      this.count += 1;
    }
    return parts;
  }
}
