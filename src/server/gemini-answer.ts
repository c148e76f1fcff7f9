import { answerId } from './answer-ids.js';
import type { AnswerResult } from '../core/answer/answer.js';
import type { FinishReason, ToolCall, Usage } from '../ground/types.js';
import { GEMINI_API } from './api-family.js';
import { startEventStream, writeJson, type ChatEndpoint } from './chat-endpoint.js';
import { parseGeminiBody, type GeminiBody } from './gemini-request.js';
import type { ServeContext } from './serve-context.js';

type Json = Record<string, unknown>;

/** Gemini's `FinishReason` (googleapis/js-genai src/types.ts): a turn that called functions ends with STOP too. */
const FINISH: Readonly<Record<FinishReason, string>> = { stop: 'STOP', length: 'MAX_TOKENS', 'tool-calls': 'STOP', 'content-filter': 'SAFETY', other: 'OTHER' };

/** How the answer goes out: one JSON object, an SSE stream (`alt=sse`), or a streamed JSON array (the REST default). */
export type GeminiDelivery = 'whole' | 'sse' | 'array';

/**
 * POST /v1beta/models/{model}:generateContent and :streamGenerateContent, on the same chain as
 * every other API: text, `thought` parts (when `thinkingConfig.includeThoughts`), `functionCall`
 * parts with ids, and `usageMetadata` and `finishReason` on the last chunk.
 */
export function geminiEndpoint(model: string | undefined, delivery: GeminiDelivery, resolve: (model: string | undefined, ctx: ServeContext) => string | undefined): ChatEndpoint<GeminiBody> {
  return {
    family: GEMINI_API,
    parse: (text, ctx) => parseGeminiBody(text, resolve(model, ctx), delivery !== 'whole'),
    writer(body, out, { res, outcome }) {
      const ids = { responseId: answerId(), modelVersion: model ?? 'auto' };
      let started = false;
      let first = true;
      const chunk = (candidate: Json, extra: Json = {}) => {
        if (delivery === 'whole') return;
        if (!started) {
          started = true;
          if (delivery === 'sse') startEventStream(res);
          else res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        }
        const json = JSON.stringify({ candidates: [{ index: 0, ...candidate }], ...extra, modelVersion: ids.modelVersion, responseId: ids.responseId });
        out.write(delivery === 'sse' ? `data: ${json}\r\n\r\n` : `${first ? '[' : ','}${json}`);
        first = false;
      };
      const parts = (list: Json[]) => chunk({ content: { role: 'model', parts: list } });
      return {
        handlers: {
          onStart: (provider, answering) => {
            ids.modelVersion = outcome.provider = `${provider}/${answering}`;
          },
          onText: (text) => parts([{ text }]),
          onReasoning: (text) => body.includeThoughts && parts([{ text, thought: true }]),
          onRefusal: (text) => parts([{ text }]),
          onToolCall: (call) => parts([functionCallPart(call)]),
          keepText: delivery === 'whole' ? undefined : 0,
        },
        started: () => started,
        failInStream(error) {
          const json = JSON.stringify(GEMINI_API.errorBody(error));
          out.end(delivery === 'sse' ? `data: ${json}\r\n\r\n` : `${first ? '[' : ','}${json}]`);
        },
        finish(result) {
          const finishReason = FINISH[result.finishReason ?? (result.toolCalls.length > 0 ? 'tool-calls' : 'stop')];
          const usageMetadata = usageMetadataOf(result.usage);
          if (delivery === 'whole') {
            return writeJson(res, 200, { candidates: [{ index: 0, content: { role: 'model', parts: wholeParts(body, result) }, finishReason }], usageMetadata, modelVersion: ids.modelVersion, responseId: ids.responseId });
          }
          chunk({ content: { role: 'model', parts: [{ text: '' }] }, finishReason }, { usageMetadata });
          out.end(delivery === 'array' ? ']' : undefined);
        },
      };
    },
  };
}

function functionCallPart(call: ToolCall): Json {
  return { functionCall: { id: call.id, name: call.name, args: argsOf(call.arguments) }, ...(call.signature ? { thoughtSignature: call.signature } : {}) };
}

/** A `functionCall`'s `args` is an object; arguments that are not one arrive as `{}`. */
function argsOf(text: string): Json {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
  } catch {
    return {};
  }
}

function wholeParts(body: GeminiBody, result: AnswerResult): Json[] {
  const parts: Json[] = [];
  if (body.includeThoughts && result.reasoning) parts.push({ text: result.reasoning, thought: true });
  if (result.text || result.refusal) parts.push({ text: result.text || result.refusal });
  for (const call of result.toolCalls) parts.push(functionCallPart(call));
  return parts.length > 0 ? parts : [{ text: '' }];
}

export function usageMetadataOf(usage: Usage | undefined): Json {
  const prompt = usage?.inputTokens ?? 0;
  const candidates = usage?.outputTokens ?? 0;
  return { promptTokenCount: prompt, candidatesTokenCount: candidates, totalTokenCount: usage?.totalTokens ?? prompt + candidates };
}
