import type { ImageInput, Message, ResponseFormat, ToolChoice, ToolSpec } from '../ground/types.js';
import { invalid, jsonObject, numberOf } from './chat-request.js';
import { ServeError } from './request-errors.js';

/** A Responses API body (`POST /v1/responses`) mapped onto a chat request. */
export interface ResponsesBody {
  model?: string;
  messages: Message[];
  stream: boolean;
  temperature?: number;
  maxTokens?: number;
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  passthrough: Record<string, unknown>;
  /** `reasoning.summary` asked for: reasoning comes back as a summary, else as `reasoning_text` content. */
  reasoningSummary: boolean;
  /** Tools of a `namespace` tool, by the flat name the chain knows them by. */
  namespaced: Map<string, NamespacedName>;
}

/** A function of a `namespace` tool: the chain sees `namespace__name`, the client gets both back. */
export interface NamespacedName {
  namespace: string;
  name: string;
}

/** The name a namespaced function goes by on the chat side (`^[a-zA-Z0-9_-]{1,64}$` where the API checks). */
export function flatName(namespace: string, name: string): string {
  return `${namespace}__${name}`;
}

/**
 * Fields with no meaning for a server that runs no tools of its own (`include`, `truncation`,
 * `prompt_cache_key`, a client's own `client_metadata` for tracing, …): accepted, and said so in
 * the README. `store` is read by the stored-responses side (responses-stored.ts).
 * Everything else the Responses API has either maps onto the chat request or is refused by name.
 */
const STATELESS = new Set(['store', 'include', 'truncation', 'prompt_cache_key', 'service_tier', 'background', 'safety_identifier', 'stream_options', 'client_metadata']);
const PASSED = new Set(['user', 'metadata', 'top_p', 'top_logprobs', 'seed']);

/** Finds the text of a reasoning item this server answered with lately (see RecentReasoning). */
export type RecallReasoning = (id: string) => string | undefined;

export function parseResponsesBody(text: string, recall: RecallReasoning = () => undefined): ResponsesBody {
  return responsesBodyOf(jsonObject(text), recall);
}

/**
 * The body as a chat request; `prefix` holds the items of the conversation before `input` (a
 * stored response's, with `previous_response_id`, or a stored conversation's), read before it.
 */
export function responsesBodyOf(json: Record<string, unknown>, recall: RecallReasoning = () => undefined, prefix: readonly unknown[] = []): ResponsesBody {
  if (json.model !== undefined && typeof json.model !== 'string') throw invalid('`model` must be a string', 'model');
  const known = new Set(['model', 'input', 'instructions', 'stream', 'temperature', 'max_output_tokens', 'tools', 'tool_choice', 'parallel_tool_calls', 'text', 'reasoning', 'previous_response_id', 'conversation']);
  const passthrough: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (known.has(key) || STATELESS.has(key) || value === undefined || value === null) continue;
    if (!PASSED.has(key)) throw new ServeError(400, `\`${key}\` is not supported by this server`, 'invalid_request_error', 'unsupported_parameter', {}, key);
    passthrough[key] = value;
  }
  const effort = (json.reasoning as { effort?: unknown } | undefined)?.effort;
  if (typeof effort === 'string') passthrough.reasoning_effort = effort;
  // `text.verbosity` is Chat Completions' `verbosity` (openai-node `ResponseTextConfig.verbosity`).
  const verbosity = (json.text as { verbosity?: unknown } | undefined)?.verbosity;
  if (typeof verbosity === 'string') passthrough.verbosity = verbosity;
  const messages: Message[] = [];
  if (typeof json.instructions === 'string' && json.instructions) messages.push({ role: 'system', content: json.instructions });
  const namespaced = new Map<string, NamespacedName>();
  const tools = toolsOf(json.tools, namespaced);
  const input = prefix.length > 0 && typeof json.input === 'string' ? (json.input ? [{ role: 'user', content: json.input }] : []) : json.input;
  messages.push(...inputMessages(prefix.length > 0 ? [...prefix, ...(Array.isArray(input) ? input : [])] : input, recall));
  if (messages.length === 0) throw invalid('`input` must be text or a non-empty list of items', 'input');
  return {
    model: json.model as string | undefined,
    messages,
    stream: json.stream === true,
    temperature: numberOf(json.temperature, 'temperature'),
    maxTokens: numberOf(json.max_output_tokens, 'max_output_tokens'),
    tools,
    toolChoice: toolChoiceOf(json.tool_choice),
    parallelToolCalls: typeof json.parallel_tool_calls === 'boolean' ? json.parallel_tool_calls : undefined,
    responseFormat: formatOf((json.text as { format?: unknown } | undefined)?.format),
    passthrough,
    reasoningSummary: ['auto', 'concise', 'detailed'].includes(String((json.reasoning as { summary?: unknown } | undefined)?.summary)),
    namespaced,
  };
}

type Item = { type?: unknown; role?: unknown; content?: unknown; summary?: unknown; call_id?: unknown; name?: unknown; namespace?: unknown; arguments?: unknown; output?: unknown };

/** A reasoning item's text: its `reasoning_text` content, else its summary (openai-node `ResponseReasoningItem`). */
function reasoningText(item: Item): string {
  const parts = (list: unknown, type: string) => (Array.isArray(list) ? list.filter((p) => p?.type === type).map((p) => String(p.text ?? '')).join('') : '');
  return parts(item.content, 'reasoning_text') || parts(item.summary, 'summary_text');
}

/** `input`: a string, or items — messages, `function_call` and `function_call_output`. */
function inputMessages(input: unknown, recall: RecallReasoning): Message[] {
  if (typeof input === 'string') return input ? [{ role: 'user', content: input }] : [];
  if (!Array.isArray(input)) return [];
  const messages: Message[] = [];
  const names = new Map<string, string>();
  let pendingReasoning = '';
  input.forEach((raw, i) => {
    const item = raw as Item;
    if (item?.type === 'function_call') {
      if (typeof item.call_id !== 'string' || typeof item.name !== 'string') throw invalid(`input[${i}]: a function_call needs call_id and name`, `input[${i}]`);
      // A call of a namespaced function names its namespace apart (openai-node `ResponseFunctionToolCall.namespace`).
      const name = typeof item.namespace === 'string' && item.namespace ? flatName(item.namespace, item.name) : item.name;
      names.set(item.call_id, name);
      const call = { id: item.call_id, name, arguments: typeof item.arguments === 'string' ? item.arguments : '{}' };
      // Consecutive calls belong to one assistant turn, with the reasoning handed back before them.
      const last = messages.at(-1);
      if (last?.role === 'assistant' && last.toolCalls && !last.content) last.toolCalls.push(call);
      else messages.push({ role: 'assistant', content: '', toolCalls: [call], ...(pendingReasoning ? { reasoning: pendingReasoning } : {}) });
      pendingReasoning = '';
      return;
    }
    if (item?.type === 'function_call_output') {
      if (typeof item.call_id !== 'string') throw invalid(`input[${i}]: a function_call_output needs call_id`, `input[${i}]`);
      const output = typeof item.output === 'string' ? item.output : JSON.stringify(item.output ?? '');
      messages.push({ role: 'tool', content: output, toolCallId: item.call_id, ...(names.has(item.call_id) ? { toolName: names.get(item.call_id) } : {}) });
      return;
    }
    // A reasoning item the client hands back (Codex replays each one): kept for the calls that
    // follow it (sent back where an API needs it), otherwise not sent on.
    if (item?.type === 'reasoning') {
      pendingReasoning += reasoningText(item);
      return;
    }
    // A reference to an item of an earlier answer (`@ai-sdk/openai` refers to reasoning items so):
    // reasoning this server answered with is found again; no other kind is kept anywhere.
    if (item?.type === 'item_reference') {
      const id = String((raw as { id?: unknown }).id ?? '');
      const known = recall(id);
      if (known !== undefined) pendingReasoning += known;
      else if (!id.startsWith('rs_')) throw new ServeError(400, `input[${i}]: item_reference ${id} is not known: this server keeps no items but its recent reasoning; send the item itself`, 'invalid_request_error', 'unsupported_parameter', {}, `input[${i}]`);
      return;
    }
    if (item?.type !== undefined && item.type !== 'message') throw new ServeError(400, `input[${i}]: items of type ${String(item.type)} are not supported by this server`, 'invalid_request_error', 'unsupported_parameter', {}, `input[${i}]`);
    pendingReasoning = '';
    const role = item?.role === 'developer' ? 'system' : item?.role;
    if (role !== 'user' && role !== 'assistant' && role !== 'system') throw invalid(`input[${i}].role must be user, assistant, system or developer`, `input[${i}].role`);
    messages.push({ role, ...contentOf(item.content, i) });
  });
  return messages;
}

function contentOf(content: unknown, i: number): { content: string; images?: ImageInput[] } {
  if (typeof content === 'string') return { content };
  if (!Array.isArray(content)) throw invalid(`input[${i}].content must be text or content parts`, `input[${i}].content`);
  const text: string[] = [];
  const images: ImageInput[] = [];
  for (const part of content as Array<{ type?: unknown; text?: unknown; image_url?: unknown }>) {
    if (part?.type === 'input_text' || part?.type === 'output_text' || part?.type === 'text') text.push(String(part.text ?? ''));
    else if (part?.type === 'input_image' && typeof part.image_url === 'string') {
      const data = /^data:([\w.+-]+\/[\w.+-]+);base64,([A-Za-z0-9+/=\s]+)$/.exec(part.image_url);
      if (!data) throw invalid(`input[${i}]: send images as data: URLs; this server does not fetch image addresses`, `input[${i}].content`);
      images.push({ mediaType: data[1], data: data[2].replace(/\s+/g, '') });
    } else throw new ServeError(400, `input[${i}]: content parts of type ${String(part?.type)} are not supported`, 'invalid_request_error', 'unsupported_parameter', {}, `input[${i}].content`);
  }
  return { content: text.join(''), ...(images.length > 0 ? { images } : {}) };
}

/**
 * Function tools are flat here: `{type:"function", name, description, parameters}`; the client runs
 * them. A `namespace` tool groups functions (openai-node `NamespaceTool`, sent by Codex): each goes
 * to the chain as `namespace__name` and its calls come back with `namespace` and `name` apart.
 * Hosted tools (`web_search`, `file_search`, …) would run on the API's side, and none runs here.
 */
function toolsOf(value: unknown, namespaced: Map<string, NamespacedName>): ToolSpec[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid('`tools` must be an array', 'tools');
  return value.flatMap((tool, i) => {
    const t = tool as { type?: unknown; name?: unknown; tools?: unknown };
    if (t?.type === 'namespace') {
      if (typeof t.name !== 'string' || !t.name) throw invalid(`tools[${i}].name is required`, `tools[${i}].name`);
      if (!Array.isArray(t.tools)) throw invalid(`tools[${i}].tools must be an array`, `tools[${i}].tools`);
      const namespace = t.name;
      return t.tools.map((inner, j) => {
        const spec = functionTool(inner, `tools[${i}].tools[${j}]`);
        const name = flatName(namespace, spec.name);
        namespaced.set(name, { namespace, name: spec.name });
        return { ...spec, name };
      });
    }
    return [functionTool(tool, `tools[${i}]`)];
  });
}

function functionTool(tool: unknown, at: string): ToolSpec {
  const t = tool as { type?: unknown; name?: unknown; description?: unknown; parameters?: unknown };
  if (t?.type !== 'function') {
    const kind = typeof t?.type === 'string' ? `\`${t.type}\` tools` : 'tools other than functions';
    throw new ServeError(400, `${at}: ${kind} are not supported: only function tools are, since no tool runs in this server (turn it off in the client)`, 'invalid_request_error', 'unsupported_parameter', {}, at);
  }
  if (typeof t.name !== 'string') throw invalid(`${at}.name is required`, `${at}.name`);
  return { name: t.name, description: typeof t.description === 'string' ? t.description : '', parameters: (t.parameters as Record<string, unknown>) ?? { type: 'object', properties: {} } };
}

function toolChoiceOf(value: unknown): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  const { type, name, namespace } = value as { type?: unknown; name?: unknown; namespace?: unknown };
  if (type === 'function' && typeof name === 'string') return { name: typeof namespace === 'string' && namespace ? flatName(namespace, name) : name };
  throw invalid('`tool_choice` must be auto, none, required or {type:"function", name}', 'tool_choice');
}

function formatOf(value: unknown): ResponseFormat | undefined {
  const f = value as { type?: unknown; name?: unknown; schema?: unknown; strict?: unknown } | undefined;
  if (!f || f.type === 'text') return undefined;
  if (f.type === 'json_object') return { type: 'json_object' };
  if (f.type === 'json_schema' && f.schema && typeof f.schema === 'object') return { type: 'json_schema', name: String(f.name ?? 'response'), schema: f.schema as Record<string, unknown>, ...(typeof f.strict === 'boolean' ? { strict: f.strict } : {}) };
  throw invalid('`text.format` must be text, json_object or json_schema with a schema', 'text.format');
}
