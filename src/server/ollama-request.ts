import type { ImageInput, Message, ReasoningEffort, ToolCall } from '../ground/types.js';
import { CallIds } from './call-ids.js';
import type { EndpointBody } from './chat-endpoint.js';
import { jsonObject, toolsOf } from './chat-request.js';
import { imageType, ollamaFormat, ollamaInvalid, ollamaOptions } from './ollama-options.js';

/** An Ollama `/api/chat` or `/api/generate` body (ollama/ollama docs/api.md) mapped onto a chat request. */
export type OllamaBody = EndpointBody & {
  /** The model name as the client sent it, said back in every answer line. */
  asked: string;
  /** `think` asked for: reasoning comes back as `thinking`. */
  think: boolean;
};

type Json = Record<string, unknown>;
type OllamaMessage = { role?: unknown; content?: unknown; thinking?: unknown; images?: unknown; tool_calls?: unknown; tool_name?: unknown; tool_call_id?: unknown };

/** Fields with no meaning here: how long Ollama keeps a model loaded, and `raw` left false. */
const ACCEPTED = new Set(['keep_alive', 'model']);

export function parseOllamaChat(text: string): OllamaBody {
  const json = jsonObject(text, 'dots');
  refuseUnknown(json, ['messages', 'tools', 'format', 'options', 'stream', 'think']);
  if (!Array.isArray(json.messages)) throw ollamaInvalid('messages: must be a list', 'messages');
  const ids = new CallIds();
  const messages = json.messages.map((m, i) => messageOf(m as OllamaMessage, i, ids));
  const tools = toolsOf(json.tools);
  return { ...common(json), messages, ...(tools ? { tools } : {}) };
}

/** `/api/generate`: a prompt and a system prompt; `suffix` (fill-in-the-middle) and `context` are refused by name. */
export function parseOllamaGenerate(text: string): OllamaBody {
  const json = jsonObject(text, 'dots');
  if (json.suffix !== undefined && json.suffix !== null && json.suffix !== '') throw ollamaInvalid('suffix: fill-in-the-middle is not supported by this server', 'suffix');
  if (json.raw === true) throw ollamaInvalid('raw: prompts without the model\'s template are not supported by this server', 'raw');
  refuseUnknown(json, ['prompt', 'system', 'images', 'format', 'options', 'stream', 'think', 'suffix', 'raw']);
  if (typeof json.prompt !== 'string') throw ollamaInvalid('prompt: must be a string', 'prompt');
  const messages: Message[] = [];
  if (typeof json.system === 'string' && json.system) messages.push({ role: 'system', content: json.system });
  messages.push({ role: 'user', content: json.prompt, ...imagesOf(json.images, 'images') });
  return { ...common(json), messages };
}

function refuseUnknown(json: Json, known: readonly string[]): void {
  for (const [key, value] of Object.entries(json)) {
    if (value === undefined || value === null || known.includes(key) || ACCEPTED.has(key)) continue;
    throw ollamaInvalid(`${key}: not supported by this server`, key);
  }
}

/** What chat and generate share: the model, streaming (Ollama's default), think, options and format. */
function common(json: Json): Omit<OllamaBody, 'messages'> {
  if (typeof json.model !== 'string' || !json.model) throw ollamaInvalid('model is required', 'model');
  const options = ollamaOptions(json.options);
  // `think` is true, false or an effort ("high"), sent on as a reasoning effort to models that take one.
  const think = json.think === true || (typeof json.think === 'string' && json.think !== '');
  const effort = typeof json.think === 'string' && ['low', 'medium', 'high'].includes(json.think) ? { reasoningEffort: json.think as ReasoningEffort } : {};
  return { model: json.model, asked: json.model, stream: json.stream !== false, think, ...effort, ...options, ...ollamaFormat(json.format) };
}

function imagesOf(value: unknown, field: string): { images?: ImageInput[] } {
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw ollamaInvalid(`${field}: must be a list of base64 strings`, field);
  return value.length > 0 ? { images: (value as string[]).map((data) => ({ mediaType: imageType(data), data })) } : {};
}

/** One message; a tool result names its tool (`tool_name`) and is paired with its call by name and order. */
function messageOf(m: OllamaMessage, i: number, ids: CallIds): Message {
  const at = `messages.${i}`;
  if (m?.role !== 'system' && m?.role !== 'user' && m?.role !== 'assistant' && m?.role !== 'tool') throw ollamaInvalid(`${at}.role: must be system, user, assistant or tool`, `${at}.role`);
  const content = typeof m.content === 'string' ? m.content : '';
  if (m.role === 'tool') {
    const name = typeof m.tool_name === 'string' ? m.tool_name : '';
    return { role: 'tool', content, toolCallId: ids.ofResult(name, m.tool_call_id), ...(name ? { toolName: name } : {}) };
  }
  const images = imagesOf(m.images, `${at}.images`);
  if (m.role !== 'assistant' || !Array.isArray(m.tool_calls) || m.tool_calls.length === 0) return { role: m.role, content, ...images };
  const calls: ToolCall[] = (m.tool_calls as Array<{ id?: unknown; function?: { name?: unknown; arguments?: unknown } }>).map((call) => {
    const name = String(call?.function?.name ?? '');
    const args = call?.function?.arguments;
    return { id: ids.ofCall(name, call?.id), name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) };
  });
  return { role: 'assistant', content, toolCalls: calls, ...(typeof m.thinking === 'string' && m.thinking ? { reasoning: m.thinking } : {}) };
}
