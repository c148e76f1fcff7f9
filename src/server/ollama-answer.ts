import type { AnswerResult } from '../core/answer/answer.js';
import type { FinishReason, ToolCall } from '../ground/types.js';
import { OLLAMA_API } from './api-family.js';
import { writeJson, type ChatEndpoint } from './chat-endpoint.js';
import type { OllamaBody } from './ollama-request.js';
import type { ServeContext } from './serve-context.js';

type Json = Record<string, unknown>;

/** Ollama's `done_reason`: a turn that called tools ends with "stop" too. */
const DONE: Readonly<Record<FinishReason, string>> = { stop: 'stop', length: 'length', 'tool-calls': 'stop', 'content-filter': 'stop', other: 'stop' };

/**
 * The model an Ollama client named, as the chain takes it: a `--map` name where it says; Ollama's
 * `:latest` tag dropped (apps add it to names without a tag); else as given, so `auto`, a
 * `provider/model` from /api/tags, or a bare name a provider lists.
 */
export function ollamaModel(name: string, ctx: ServeContext): string {
  return ctx.modelMap?.[name] ?? name.replace(/:latest$/, '');
}

/**
 * POST /api/chat and /api/generate on the chain: NDJSON lines as the answer arrives (or one JSON
 * object with `stream:false`), the last with `done:true`, `done_reason` and the token counts.
 * Tool calls carry their arguments as objects; reasoning is `thinking` when `think` asked for it.
 */
export function ollamaEndpoint(kind: 'chat' | 'generate', parse: (text: string) => OllamaBody): ChatEndpoint<OllamaBody> {
  return {
    family: OLLAMA_API,
    parse: (text, ctx) => {
      const body = parse(text);
      return { ...body, model: ollamaModel(body.asked, ctx) };
    },
    writer(body, out, { res, outcome }) {
      let started = false;
      const head = () => ({ model: body.asked, created_at: new Date().toISOString() });
      const line = (fields: Json) => {
        if (!body.stream) return;
        if (!started) {
          started = true;
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        }
        out.write(`${JSON.stringify({ ...head(), ...fields })}\n`);
      };
      const piece = (fields: Json) => line(kind === 'chat' ? { message: { role: 'assistant', content: '', ...fields }, done: false } : { response: '', ...fields, done: false });
      return {
        handlers: {
          onStart: (provider, model) => {
            outcome.provider = `${provider}/${model}`;
          },
          onText: (text) => piece(kind === 'chat' ? { content: text } : { response: text }),
          onRefusal: (text) => piece(kind === 'chat' ? { content: text } : { response: text }),
          onReasoning: (thinking) => body.think && piece({ thinking }),
          onToolCall: (call) => kind === 'chat' && piece({ tool_calls: [toolCallOf(call)] }),
          keepText: body.stream ? 0 : undefined,
        },
        started: () => started,
        failInStream: (error) => out.end(`${JSON.stringify(OLLAMA_API.errorBody(error))}\n`),
        finish(result) {
          const last = { ...head(), ...(body.stream ? emptyEnd(kind) : whole(kind, body, result)), done: true, done_reason: DONE[result.finishReason ?? 'stop'], ...counts(result) };
          if (!body.stream) return writeJson(res, 200, last);
          line(last);
          out.end();
        },
      };
    },
  };
}

function toolCallOf(call: ToolCall): Json {
  let args: unknown;
  try {
    args = JSON.parse(call.arguments);
  } catch {
    args = {};
  }
  // Ollama's arguments are an object (ollama/ollama api/types.go ToolCallFunctionArguments), never a string.
  return { id: call.id, function: { name: call.name, arguments: args && typeof args === 'object' && !Array.isArray(args) ? args : {} } };
}

const emptyEnd = (kind: 'chat' | 'generate'): Json => (kind === 'chat' ? { message: { role: 'assistant', content: '' } } : { response: '' });

function whole(kind: 'chat' | 'generate', body: OllamaBody, result: AnswerResult): Json {
  const thinking = body.think && result.reasoning ? { thinking: result.reasoning } : {};
  const text = result.text || result.refusal;
  if (kind === 'generate') return { response: text, ...thinking };
  const calls = result.toolCalls.length > 0 ? { tool_calls: result.toolCalls.map(toolCallOf) } : {};
  return { message: { role: 'assistant', content: text, ...thinking, ...calls } };
}

/** Token counts as Ollama reports them; durations are not measured here and say 0. */
function counts(result: AnswerResult): Json {
  return { total_duration: 0, load_duration: 0, prompt_eval_count: result.usage?.inputTokens ?? 0, prompt_eval_duration: 0, eval_count: result.usage?.outputTokens ?? 0, eval_duration: 0 };
}
