import type { ImageInput, Message, ToolCall, ToolChoice, ToolSpec } from '../ground/types.js';
import type { EndpointBody } from './chat-endpoint.js';
import { CallIds } from './call-ids.js';
import { jsonObject } from './chat-request.js';
import { geminiGeneration } from './gemini-generation.js';
import { jsonSchemaOf } from './gemini-schema.js';
import { ServeError } from './request-errors.js';

/** A Gemini `generateContent` body (googleapis/js-genai src/types.ts `GenerateContentParameters`) mapped onto a chat request. */
export type GeminiBody = EndpointBody & {
  /** `thinkingConfig.includeThoughts`: reasoning comes back as `thought` parts. */
  includeThoughts: boolean;
};

type Json = Record<string, unknown>;
type Part = { text?: unknown; thought?: unknown; thoughtSignature?: unknown; inlineData?: { mimeType?: unknown; data?: unknown }; functionCall?: { id?: unknown; name?: unknown; args?: unknown }; functionResponse?: { id?: unknown; name?: unknown; response?: unknown } };

/** Top-level fields with no meaning here: the caller's `labels`, Google's `safetySettings` (no upstream here applies them). */
const ACCEPTED = new Set(['labels', 'safetySettings', 'model']);

export const invalidArgument = (message: string, field?: string) => new ServeError(400, message, 'invalid_request_error', 'invalid_argument', {}, field ?? null);

export function parseGeminiBody(text: string, model: string | undefined, stream: boolean): GeminiBody {
  const json = jsonObject(text, 'dots');
  for (const key of Object.keys(json)) {
    if (!['contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig'].includes(key) && !ACCEPTED.has(key)) throw invalidArgument(`${key}: not supported by this server`, key);
  }
  if (!Array.isArray(json.contents) || json.contents.length === 0) throw invalidArgument('contents: must be a non-empty list', 'contents');
  const messages: Message[] = [];
  const system = systemText(json.systemInstruction);
  if (system) messages.push({ role: 'system', content: system });
  const ids = new CallIds();
  json.contents.forEach((content, i) => messages.push(...messagesOf(content, i, ids)));
  const tools = toolsOf(json.tools);
  const generation = geminiGeneration(json.generationConfig);
  return {
    model,
    messages,
    stream,
    ...generation.request,
    ...(tools ? { tools, ...toolChoiceOf(json.toolConfig, tools) } : {}),
    includeThoughts: generation.includeThoughts,
    passthrough: {},
  };
}

function systemText(value: unknown): string {
  if (typeof value === 'string') return value;
  const parts = (value as { parts?: unknown } | undefined)?.parts;
  return Array.isArray(parts) ? (parts as Part[]).map((p) => (typeof p?.text === 'string' ? p.text : '')).join('\n') : '';
}

/** One `Content`: a model turn (text, thoughts, function calls) or a user turn (text, images, function responses). */
function messagesOf(value: unknown, i: number, ids: CallIds): Message[] {
  const content = value as { role?: unknown; parts?: unknown };
  const role = content?.role ?? 'user';
  if (role !== 'user' && role !== 'model' && role !== 'function') throw invalidArgument(`contents.${i}.role: must be user or model`, `contents.${i}.role`);
  if (!Array.isArray(content.parts)) throw invalidArgument(`contents.${i}.parts: must be a list`, `contents.${i}.parts`);
  const text: string[] = [];
  const thoughts: string[] = [];
  const images: ImageInput[] = [];
  const calls: ToolCall[] = [];
  const results: Message[] = [];
  (content.parts as Part[]).forEach((part, j) => {
    const at = `contents.${i}.parts.${j}`;
    if (typeof part?.text === 'string') (part.thought === true ? thoughts : text).push(part.text);
    else if (part?.inlineData) images.push({ mediaType: String(part.inlineData.mimeType), data: String(part.inlineData.data) });
    else if (part?.functionCall && role === 'model') {
      const name = String(part.functionCall.name);
      const signature = typeof part.thoughtSignature === 'string' ? { signature: part.thoughtSignature } : {};
      calls.push({ id: ids.ofCall(name, part.functionCall.id), name, arguments: JSON.stringify(part.functionCall.args ?? {}), ...signature });
    } else if (part?.functionResponse && role !== 'model') {
      const name = String(part.functionResponse.name);
      results.push({ role: 'tool', content: JSON.stringify(part.functionResponse.response ?? {}), toolCallId: ids.ofResult(name, part.functionResponse.id), toolName: name });
    } else if (part?.thought === true) return;
    else throw invalidArgument(`${at}: only text, inlineData, functionCall and functionResponse parts are supported by this server`, at);
  });
  if (role === 'model') {
    if (text.length === 0 && calls.length === 0) return [];
    // Thoughts before a turn's calls stay with them (sent back where an API needs them); others are not sent on.
    const reasoning = calls.length > 0 && thoughts.length > 0 ? { reasoning: thoughts.join('') } : {};
    return [{ role: 'assistant', content: text.join(''), ...(calls.length > 0 ? { toolCalls: calls } : {}), ...reasoning }];
  }
  if (text.length === 0 && images.length === 0) return results;
  return [...results, { role: 'user', content: text.join(''), ...(images.length > 0 ? { images } : {}) }];
}

/** `tools: [{functionDeclarations}]`; Google's own tools (search, code execution, URL context) run nowhere here and are refused by name. */
function toolsOf(value: unknown): ToolSpec[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidArgument('tools: must be a list', 'tools');
  const specs: ToolSpec[] = [];
  value.forEach((tool, i) => {
    for (const [kind, entry] of Object.entries((tool ?? {}) as Json)) {
      if (kind !== 'functionDeclarations') throw invalidArgument(`tools.${i}.${kind}: Google's own tools are not supported by this server; only functionDeclarations`, `tools.${i}.${kind}`);
      if (!Array.isArray(entry)) throw invalidArgument(`tools.${i}.functionDeclarations: must be a list`, `tools.${i}.functionDeclarations`);
      for (const [j, d] of (entry as Json[]).entries()) {
        if (typeof d?.name !== 'string') throw invalidArgument(`tools.${i}.functionDeclarations.${j}.name: required`, `tools.${i}.functionDeclarations.${j}.name`);
        // `parametersJsonSchema` is JSON Schema already; `parameters` is Gemini's OpenAPI subset.
        const parameters = d.parametersJsonSchema !== undefined ? (d.parametersJsonSchema as Json) : d.parameters !== undefined ? jsonSchemaOf(d.parameters) : { type: 'object', properties: {} };
        specs.push({ name: d.name, description: typeof d.description === 'string' ? d.description : '', parameters });
      }
    }
  });
  return specs.length > 0 ? specs : undefined;
}

/** `toolConfig.functionCallingConfig`: AUTO, ANY (with `allowedFunctionNames`: only those offered), NONE. */
function toolChoiceOf(value: unknown, tools: ToolSpec[]): { tools?: ToolSpec[]; toolChoice?: ToolChoice } {
  const config = (value as { functionCallingConfig?: { mode?: unknown; allowedFunctionNames?: unknown } } | undefined)?.functionCallingConfig;
  if (!config) return {};
  const mode = String(config.mode ?? 'AUTO').toUpperCase();
  if (mode === 'NONE') return { toolChoice: 'none' };
  if (mode === 'AUTO' || mode === 'VALIDATED' || mode === 'MODE_UNSPECIFIED') return { toolChoice: 'auto' };
  if (mode !== 'ANY') throw invalidArgument('toolConfig.functionCallingConfig.mode: must be AUTO, ANY, NONE or VALIDATED', 'toolConfig.functionCallingConfig.mode');
  const allowed = Array.isArray(config.allowedFunctionNames) ? config.allowedFunctionNames.filter((n): n is string => typeof n === 'string') : [];
  if (allowed.length === 1) return { toolChoice: { name: allowed[0] } };
  if (allowed.length > 1) return { tools: tools.filter((t) => allowed.includes(t.name)), toolChoice: 'required' };
  return { toolChoice: 'required' };
}
