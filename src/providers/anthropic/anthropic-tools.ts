import type { ChatRequest, Message, StreamPart, ToolChoice } from '../../ground/types.js';
import { argumentsObject } from '../tool-arguments.js';

type Json = Record<string, unknown>;

/**
 * Anthropic's `tools` and `tool_choice` (anthropic-sdk-typescript
 * src/resources/messages/messages.ts: Tool, ToolChoiceAuto/Any/Tool/None). `parallel_tool_calls:
 * false` is the choice's `disable_parallel_tool_use` (on auto, any and tool; not on none).
 */
export function anthropicToolFields(req: ChatRequest): Json {
  if (!req.tools?.length) return replayedToolFields(req.messages);
  const fields: Json = { tools: req.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters })) };
  const choice = req.toolChoice ?? (req.parallelToolCalls === false ? 'auto' : undefined);
  if (choice !== undefined) fields.tool_choice = anthropicToolChoice(choice);
  if (req.parallelToolCalls === false && choice !== 'none') (fields.tool_choice as Json).disable_parallel_tool_use = true;
  return fields;
}

/**
 * A conversation replayed without tools on (`-c` after a run with `-T`) still holds its
 * tool_use and tool_result blocks, and the API refuses those unless tools are defined
 * ("Requests which include tool_use or tool_result blocks must define tools":
 * anthropics/anthropic-sdk-python issue #494). The tools the history names are declared, and
 * `tool_choice: none` keeps the model from calling them.
 */
function replayedToolFields(messages: readonly Message[]): Json {
  const names = new Set(messages.flatMap((m) => [...(m.toolCalls ?? []).map((c) => c.name), ...(m.role === 'tool' && m.toolName ? [m.toolName] : [])]));
  if (names.size === 0 && !messages.some((m) => m.role === 'tool')) return {};
  if (names.size === 0) names.add('tool');
  return { tools: [...names].map((name) => ({ name, description: 'a tool used earlier in this conversation', input_schema: { type: 'object' } })), tool_choice: { type: 'none' } };
}

function anthropicToolChoice(choice: ToolChoice): Json {
  if (choice === 'required') return { type: 'any' };
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', name: choice.name };
}

/**
 * The conversation as Anthropic's messages: an assistant's calls become `tool_use` blocks after
 * its text, and a run of tool results becomes ONE user message of `tool_result` blocks (the API
 * wants every result of a turn together, right after the turn that called).
 */
export function anthropicMessages(messages: readonly Message[]): Json[] {
  const out: Json[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    if (m.role === 'tool') {
      const block = { type: 'tool_result', tool_use_id: m.toolCallId ?? '', content: m.content };
      const last = out.at(-1);
      if (last?.role === 'user' && Array.isArray(last.content) && (last.content as Json[]).every((b) => b.type === 'tool_result')) (last.content as Json[]).push(block);
      else out.push({ role: 'user', content: [block] });
    } else if (m.role === 'assistant' && m.toolCalls?.length) {
      const uses = m.toolCalls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: argumentsObject(c.arguments) }));
      out.push({ role: 'assistant', content: [...(m.content ? [{ type: 'text', text: m.content }] : []), ...uses] });
    } else if (m.images?.length) {
      // Images go first as image blocks, then the text (Anthropic's recommended order).
      out.push({ role: m.role, content: [...m.images.map((i) => ({ type: 'image', source: { type: 'base64', media_type: i.mediaType, data: i.data } })), { type: 'text', text: m.content }] });
    } else {
      out.push({ role: m.role, content: m.content });
    }
  }
  return out;
}

/**
 * Gathers streamed `tool_use` blocks: `content_block_start` names the block's id and tool at its
 * index, and `input_json_delta.partial_json` pieces are joined exactly as sent (InputJSONDelta).
 */
export class AnthropicToolUses {
  private readonly blocks = new Map<number, { id: string; name: string; json: string }>();

  start(data: Json): void {
    const block = data.content_block as Json | undefined;
    if (block?.type !== 'tool_use' || typeof data.index !== 'number') return;
    this.blocks.set(data.index, { id: String(block.id ?? ''), name: String(block.name ?? ''), json: '' });
  }

  delta(data: Json): void {
    const delta = data.delta as Json | undefined;
    if (delta?.type !== 'input_json_delta' || typeof delta.partial_json !== 'string' || typeof data.index !== 'number') return;
    const block = this.blocks.get(data.index);
    if (block) block.json += delta.partial_json;
  }

  /** One part per block in index order; a tool without parameters that sent nothing gets `{}`. */
  *take(): Generator<StreamPart> {
    for (const index of [...this.blocks.keys()].sort((a, b) => a - b)) {
      const b = this.blocks.get(index)!;
      yield { type: 'tool-call', id: b.id || `call_${index}`, name: b.name, arguments: b.json === '' ? '{}' : b.json };
    }
    this.blocks.clear();
  }
}
