import type { ImageInput, Message, ResponseFormat, ToolCall, ToolChoice, ToolSpec } from '../ground/types.js';
import { invalid, jsonObject, numberOf } from './chat-request.js';
import { ServeError } from './request-errors.js';
import { effortOfBudget } from './thinking-effort.js';

/** An Anthropic Messages body (`POST /v1/messages`) mapped onto a chat request. */
export interface MessagesBody {
  model?: string;
  messages: Message[];
  stream: boolean;
  maxTokens: number;
  temperature?: number;
  stop?: string[];
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  /** `thinking` enabled: the provider's reasoning comes back as thinking blocks, as Anthropic's would. */
  thinking: boolean;
  responseFormat?: ResponseFormat;
  passthrough: Record<string, unknown>;
}

/** Fields of the Messages API with no meaning here (`metadata` is the caller's, `service_tier` Anthropic's). */
const ACCEPTED = new Set(['metadata', 'service_tier', 'container', 'mcp_servers']);
const PASSED: Readonly<Record<string, string>> = { top_p: 'top_p', top_k: 'top_k' };

type Block = { type?: unknown; text?: unknown; thinking?: unknown; id?: unknown; name?: unknown; input?: unknown; tool_use_id?: unknown; content?: unknown; source?: { type?: unknown; media_type?: unknown; data?: unknown }; is_error?: unknown };

export function parseMessagesBody(text: string): MessagesBody {
  const json = jsonObject(text, 'dots');
  if (json.model !== undefined && typeof json.model !== 'string') throw invalid('model: must be a string', 'model');
  if (typeof json.max_tokens !== 'number') throw invalid('max_tokens: Field required', 'max_tokens');
  if (!Array.isArray(json.messages) || json.messages.length === 0) throw invalid('messages: must be a non-empty list', 'messages');
  const known = new Set(['model', 'messages', 'system', 'max_tokens', 'stream', 'temperature', 'stop_sequences', 'tools', 'tool_choice', 'thinking', 'output_config', 'context_management']);
  const passthrough: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (known.has(key) || ACCEPTED.has(key) || value === undefined || value === null) continue;
    if (!PASSED[key]) throw new ServeError(400, `${key}: not supported by this server`, 'invalid_request_error', 'unsupported_parameter', {}, key);
    passthrough[PASSED[key]] = value;
  }
  const effort = effortOfThinking(json.thinking);
  if (effort) passthrough.reasoning_effort = effort;
  checkContextManagement(json.context_management);
  const output = outputConfigOf(json.output_config);
  const messages: Message[] = [];
  const system = systemText(json.system);
  if (system) messages.push({ role: 'system', content: system });
  json.messages.forEach((m, i) => messages.push(...messageOf(m, i)));
  const tools = toolsOf(json.tools);
  return {
    model: json.model as string | undefined,
    messages,
    stream: json.stream === true,
    maxTokens: json.max_tokens,
    temperature: numberOf(json.temperature, 'temperature'),
    stop: Array.isArray(json.stop_sequences) ? json.stop_sequences.filter((s): s is string => typeof s === 'string') : undefined,
    ...(tools ? { tools } : {}),
    ...(json.tool_choice ? { toolChoice: toolChoiceOf(json.tool_choice) } : {}),
    thinking: ['enabled', 'adaptive'].includes(String((json.thinking as { type?: unknown } | undefined)?.type)),
    ...(output.format ? { responseFormat: output.format } : {}),
    passthrough,
  };
}

/**
 * `thinking: {type:"enabled", budget_tokens}` as OpenAI's `reasoning_effort` (effortOfBudget), as
 * the Responses path sends `reasoning.effort` on (a pass-through field: providers that cannot take
 * it leave the chain). Anthropic's smallest budget is 1024.
 */
function effortOfThinking(thinking: unknown): string | undefined {
  const { type, budget_tokens: budget } = (thinking ?? {}) as { type?: unknown; budget_tokens?: unknown };
  if (type !== 'enabled' || typeof budget !== 'number') return undefined;
  return effortOfBudget(budget);
}

/**
 * `context_management` asks Anthropic to edit the context server-side. Clearing old thinking
 * (`clear_thinking_*`) is honoured already: thinking blocks are never sent on. Any other edit
 * (clearing tool results) would change what the model sees, so it is refused by name.
 */
function checkContextManagement(value: unknown): void {
  if (value === undefined || value === null) return;
  const edits = (value as { edits?: unknown }).edits;
  if (!Array.isArray(edits)) throw invalid('context_management.edits: must be a list', 'context_management.edits');
  edits.forEach((edit, i) => {
    const type = String((edit as { type?: unknown })?.type);
    if (!type.startsWith('clear_thinking_')) throw new ServeError(400, `context_management.edits.${i}: ${type} is not supported by this server (only clear_thinking edits, as thinking is never sent on)`, 'invalid_request_error', 'unsupported_parameter', {}, `context_management.edits.${i}`);
  });
}

/**
 * `output_config` (anthropic-sdk-typescript `OutputConfig`): `format`, a JSON schema for the
 * answer, is mapped as structured output. `effort` is accepted and not sent on: which models take
 * an effort, and in which words, differs by model (Groq refuses `reasoning_effort` for its Llama
 * models with a 400), and Claude Code sends one with every request; each model answers at its own.
 */
function outputConfigOf(value: unknown): { format?: ResponseFormat } {
  if (value === undefined || value === null) return {};
  const { effort, format } = value as { effort?: unknown; format?: { type?: unknown; schema?: unknown } | null };
  if (effort !== undefined && effort !== null && typeof effort !== 'string') throw invalid('output_config.effort: must be a string', 'output_config.effort');
  if (format === undefined || format === null) return {};
  if (format.type !== 'json_schema' || !format.schema || typeof format.schema !== 'object') throw invalid('output_config.format: must be {type:"json_schema", schema}', 'output_config.format');
  return { format: { type: 'json_schema', name: 'response', schema: format.schema as Record<string, unknown> } };
}

function systemText(system: unknown): string {
  if (typeof system === 'string') return system;
  if (Array.isArray(system)) return (system as Block[]).filter((b) => b?.type === 'text').map((b) => String(b.text ?? '')).join('\n');
  return '';
}

/** One Anthropic message: text and images, assistant `tool_use` blocks, user `tool_result` blocks (one tool message each). */
function messageOf(value: unknown, i: number): Message[] {
  const m = value as { role?: unknown; content?: unknown };
  // A system message among the others (anthropic-sdk-typescript `SystemMessageParam`, which Claude Code sends): text only.
  if (m?.role === 'system') return [{ role: 'system', content: systemText(m.content) }];
  if (m?.role !== 'user' && m?.role !== 'assistant') throw invalid(`messages.${i}.role: must be user, assistant or system`, `messages.${i}.role`);
  if (typeof m.content === 'string') return [{ role: m.role, content: m.content }];
  if (!Array.isArray(m.content)) throw invalid(`messages.${i}.content: must be a string or a list of blocks`, `messages.${i}.content`);
  const out: Message[] = [];
  const text: string[] = [];
  const images: ImageInput[] = [];
  const calls: ToolCall[] = [];
  const thinking: string[] = [];
  for (const block of m.content as Block[]) {
    if (block?.type === 'text') text.push(String(block.text ?? ''));
    else if (block?.type === 'image' && block.source?.type === 'base64') images.push({ mediaType: String(block.source.media_type), data: String(block.source.data) });
    else if (block?.type === 'tool_use' && m.role === 'assistant') calls.push({ id: String(block.id), name: String(block.name), arguments: JSON.stringify(block.input ?? {}) });
    else if (block?.type === 'tool_result' && m.role === 'user') {
      const content = typeof block.content === 'string' ? block.content : Array.isArray(block.content) ? (block.content as Block[]).filter((b) => b?.type === 'text').map((b) => String(b.text ?? '')).join('') : '';
      out.push({ role: 'tool', content: block.is_error === true ? `error: ${content}` : content, toolCallId: String(block.tool_use_id) });
    } else if (block?.type === 'thinking') thinking.push(String(block.thinking ?? ''));
    else if (block?.type === 'redacted_thinking') continue;
    else throw new ServeError(400, `messages.${i}.content: blocks of type ${String(block?.type)} are not supported by this server`, 'invalid_request_error', 'unsupported_parameter', {}, `messages.${i}.content`);
  }
  if (text.length > 0 || images.length > 0 || calls.length > 0) {
    // Thinking before a turn's calls stays with them (sent back where an API needs it); other thinking is not sent on.
    const reasoning = calls.length > 0 ? thinking.join('') : '';
    out.push({ role: m.role, content: text.join(''), ...(images.length > 0 ? { images } : {}), ...(calls.length > 0 ? { toolCalls: calls } : {}), ...(reasoning ? { reasoning } : {}) });
  }
  return out;
}

function toolsOf(value: unknown): ToolSpec[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid('tools: must be a list', 'tools');
  return value.map((tool, i) => {
    const t = tool as { name?: unknown; description?: unknown; input_schema?: unknown; type?: unknown };
    if (t?.type !== undefined && t.type !== 'custom') throw new ServeError(400, `tools.${i}: server tools (${String(t.type)}) are not supported; no tool runs in this server`, 'invalid_request_error', 'unsupported_parameter', {}, `tools.${i}`);
    if (typeof t.name !== 'string') throw invalid(`tools.${i}.name: Field required`, `tools.${i}.name`);
    return { name: t.name, description: typeof t.description === 'string' ? t.description : '', parameters: (t.input_schema as Record<string, unknown>) ?? { type: 'object', properties: {} } };
  });
}

function toolChoiceOf(value: unknown): ToolChoice {
  const c = value as { type?: unknown; name?: unknown };
  if (c.type === 'auto') return 'auto';
  if (c.type === 'any') return 'required';
  if (c.type === 'none') return 'none';
  if (c.type === 'tool' && typeof c.name === 'string') return { name: c.name };
  throw invalid('tool_choice: must be auto, any, none or {type:"tool", name}', 'tool_choice');
}
