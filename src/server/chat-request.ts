import type { ImageInput, Message, ResponseFormat, ToolCall, ToolChoice, ToolSpec } from '../ground/types.js';
import { MAX_JSON_DEPTH, tooDeepField, type PathStyle } from './json-depth.js';
import { ServeError } from './request-errors.js';

/** A chat-completions body as `serve` reads it: what it interprets, and everything else as given. */
export interface ChatBody {
  model?: string;
  messages: Message[];
  stream: boolean;
  includeUsage: boolean;
  temperature?: number;
  maxTokens?: number;
  stop?: string[];
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  /** Fields not interpreted here, sent on as given to OpenAI-compatible providers, refused by others. */
  passthrough: Record<string, unknown>;
}

/** Fields `serve` reads itself; any other field of the body is passed through, never dropped. */
const INTERPRETED = new Set(['model', 'messages', 'stream', 'stream_options', 'temperature', 'max_tokens', 'stop', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format']);

export const invalid = (message: string, param?: string) => new ServeError(400, message, 'invalid_request_error', null, {}, param);

export function parseChatBody(text: string): ChatBody {
  const json = jsonObject(text);
  if (!Array.isArray(json.messages) || json.messages.length === 0) throw invalid('`messages` must be a non-empty array', 'messages');
  if (json.model !== undefined && typeof json.model !== 'string') throw invalid('`model` must be a string', 'model');
  if (json.n !== undefined && json.n !== null && json.n !== 1) throw new ServeError(400, '`n` greater than 1 is not supported: ask once per answer', 'invalid_request_error', 'unsupported_parameter', {}, 'n');
  const passthrough: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) if (!INTERPRETED.has(key) && key !== 'n' && value !== undefined) passthrough[key] = value;
  return {
    model: json.model as string | undefined,
    messages: json.messages.map((m, i) => messageOf(m, i)),
    stream: json.stream === true,
    includeUsage: Boolean((json.stream_options as { include_usage?: unknown } | undefined)?.include_usage),
    temperature: numberOf(json.temperature, 'temperature'),
    // max_completion_tokens goes on as itself (reasoning models refuse max_tokens); others get it as their own limit.
    maxTokens: numberOf(json.max_tokens, 'max_tokens') ?? numberOf(json.max_completion_tokens, 'max_completion_tokens'),
    stop: stopOf(json.stop),
    tools: toolsOf(json.tools),
    toolChoice: toolChoiceOf(json.tool_choice),
    parallelToolCalls: typeof json.parallel_tool_calls === 'boolean' ? json.parallel_tool_calls : undefined,
    responseFormat: responseFormatOf(json.response_format),
    passthrough,
  };
}

/** The body as a JSON object, refused (400) when it is not one or nests deeper than MAX_JSON_DEPTH anywhere. */
export function jsonObject(text: string, style: PathStyle = 'brackets'): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('the request body is not valid JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw invalid('the request body must be a JSON object');
  const deep = tooDeepField(json, MAX_JSON_DEPTH, style);
  if (deep) throw new ServeError(400, style === 'dots' ? `${deep}: nested deeper than ${MAX_JSON_DEPTH} levels` : `\`${deep}\` is nested deeper than ${MAX_JSON_DEPTH} levels`, 'invalid_request_error', 'nesting_too_deep', {}, deep);
  return json as Record<string, unknown>;
}

export function numberOf(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`\`${name}\` must be a number`, name);
  return value;
}

/** `stop`: a string or up to four strings (OpenAI's limit). */
function stopOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length > 4 || list.some((s) => typeof s !== 'string')) throw invalid('`stop` must be a string or an array of up to 4 strings', 'stop');
  return list as string[];
}

/** `tools: [{type:"function", function:{name, description?, parameters?}}]`. */
export function toolsOf(value: unknown): ToolSpec[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid('`tools` must be an array', 'tools');
  return value.map((tool, i) => {
    const fn = (tool as { type?: unknown; function?: Record<string, unknown> })?.function;
    if ((tool as { type?: unknown })?.type !== 'function' || !fn || typeof fn.name !== 'string') throw invalid(`tools[${i}] must be {type:"function", function:{name,…}}`, `tools[${i}]`);
    return { name: fn.name, description: typeof fn.description === 'string' ? fn.description : '', parameters: (fn.parameters as Record<string, unknown>) ?? { type: 'object', properties: {} } };
  });
}

export function toolChoiceOf(value: unknown): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  const name = (value as { function?: { name?: unknown } })?.function?.name;
  if (typeof name === 'string') return { name };
  throw invalid('`tool_choice` must be auto, none, required or {type:"function", function:{name}}', 'tool_choice');
}

function responseFormatOf(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  const format = value as { type?: unknown; json_schema?: { name?: unknown; schema?: unknown; strict?: unknown } };
  if (format.type === 'text' || format.type === 'json_object') return { type: format.type };
  if (format.type === 'json_schema' && format.json_schema && typeof format.json_schema.schema === 'object') {
    return { type: 'json_schema', name: String(format.json_schema.name ?? 'response'), schema: format.json_schema.schema as Record<string, unknown>, ...(typeof format.json_schema.strict === 'boolean' ? { strict: format.json_schema.strict } : {}) };
  }
  throw invalid('`response_format` must be text, json_object or json_schema with a schema', 'response_format');
}

/** A message: text, content parts (text and images), assistant tool calls, or a tool result. */
function messageOf(value: unknown, index: number): Message {
  const m = value as { role?: unknown; content?: unknown; tool_calls?: unknown; tool_call_id?: unknown; name?: unknown; reasoning_content?: unknown; reasoning?: unknown };
  const role = m?.role === 'developer' ? 'system' : m?.role;
  if (role === 'tool') {
    if (typeof m.tool_call_id !== 'string') throw invalid(`messages[${index}].tool_call_id is required for a tool message`, `messages[${index}].tool_call_id`);
    return { role, content: contentText(m.content, index).content, toolCallId: m.tool_call_id, ...(typeof m.name === 'string' ? { toolName: m.name } : {}) };
  }
  if (role !== 'system' && role !== 'user' && role !== 'assistant') throw invalid(`messages[${index}].role must be system, user, assistant or tool`, `messages[${index}].role`);
  const toolCalls = role === 'assistant' ? toolCallsOf(m.tool_calls, index) : undefined;
  // The reasoning before a turn's calls, as DeepSeek's clients send it back (`reasoning_content`).
  const thought = m.reasoning_content ?? m.reasoning;
  const calls = toolCalls ? { toolCalls, ...(typeof thought === 'string' && thought ? { reasoning: thought } : {}) } : {};
  if ((m.content === null || m.content === undefined) && role === 'assistant') return { role, content: '', ...calls };
  return { role, ...contentText(m.content, index), ...calls };
}

function contentText(content: unknown, index: number): { content: string; images?: ImageInput[] } {
  if (typeof content === 'string') return { content };
  if (Array.isArray(content)) {
    const text: string[] = [];
    const images: ImageInput[] = [];
    for (const part of content as Array<{ type?: unknown; text?: unknown; image_url?: { url?: unknown } | string }>) {
      if (part?.type === 'text') text.push(String(part.text ?? ''));
      else if (part?.type === 'image_url') images.push(imageOf(part.image_url, index));
      else throw invalid(`messages[${index}]: content parts must be text or image_url`, `messages[${index}].content`);
    }
    return { content: text.join(''), ...(images.length > 0 ? { images } : {}) };
  }
  throw invalid(`messages[${index}].content must be a string or an array of text parts`, `messages[${index}].content`);
}

/** An assistant's earlier calls: the arguments string kept exactly as the client sent it. */
function toolCallsOf(value: unknown, index: number): ToolCall[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(`messages[${index}].tool_calls must be an array`, `messages[${index}].tool_calls`);
  return value.map((call) => {
    const c = call as { id?: unknown; function?: { name?: unknown; arguments?: unknown } };
    if (typeof c?.id !== 'string' || typeof c.function?.name !== 'string') throw invalid(`messages[${index}].tool_calls need id and function.name`, `messages[${index}].tool_calls`);
    const args = c.function.arguments;
    return { id: c.id, name: c.function.name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) };
  });
}

/** An `image_url` part: a `data:` URL is decoded; a remote address is not fetched by the server. */
function imageOf(value: { url?: unknown } | string | undefined, index: number): ImageInput {
  const url = typeof value === 'string' ? value : value?.url;
  if (typeof url !== 'string') throw invalid(`messages[${index}]: image_url needs a url`);
  const data = /^data:([\w.+-]+\/[\w.+-]+);base64,([A-Za-z0-9+/=\s]+)$/.exec(url);
  if (!data) throw invalid(`messages[${index}]: send images as data: URLs (base64); this server does not fetch image addresses`);
  return { mediaType: data[1], data: data[2].replace(/\s+/g, '') };
}
