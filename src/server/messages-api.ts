import { answerId } from './answer-ids.js';
import type { AnswerResult } from '../core/answer/answer.js';
import type { FinishReason } from '../ground/types.js';
import { ANTHROPIC_API } from './api-family.js';
import { startEventStream, writeJson, type ChatEndpoint } from './chat-endpoint.js';
import { parseMessagesBody, type MessagesBody } from './messages-request.js';

type Json = Record<string, unknown>;

const STOP: Readonly<Record<FinishReason, string>> = { stop: 'end_turn', length: 'max_tokens', 'tool-calls': 'tool_use', 'content-filter': 'refusal', other: 'end_turn' };

/**
 * POST /v1/messages: Anthropic's Messages API (anthropic-sdk-typescript `src/resources/messages`)
 * on the same chain, for clients that speak only it. Text and `tool_use` content blocks; streamed
 * as message_start, content_block_start/delta/stop (text_delta, input_json_delta), message_delta,
 * message_stop. Errors in Anthropic's shape.
 */
export const MESSAGES: ChatEndpoint<MessagesBody> = {
  family: ANTHROPIC_API,
  parse: (text) => parseMessagesBody(text),
  writer(body, out, { res, outcome }) {
    const message: Json = { id: `msg_${answerId()}`, type: 'message', role: 'assistant', model: body.model ?? 'auto', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
    const event = (type: string, fields: Json) => body.stream && out.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`);
    let started = false;
    let block = -1;
    let open: 'text' | 'thinking' | undefined;
    const begin = () => {
      if (started || !body.stream) return;
      started = true;
      startEventStream(res);
      event('message_start', { message });
    };
    /** Starts a block of `kind` unless one is open already; closes any other kind first. */
    const openBlock = (kind: 'text' | 'thinking') => {
      if (open === kind) return;
      closeBlock();
      open = kind;
      event('content_block_start', { index: ++block, content_block: kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' } });
    };
    const closeBlock = () => {
      if (open) event('content_block_stop', { index: block });
      open = undefined;
    };
    return {
      handlers: {
        onStart: (provider, model) => {
          message.model = outcome.provider = `${provider}/${model}`;
          begin();
        },
        // Reasoning is a thinking block when the client enabled thinking (Anthropic's
        // `thinking_delta`; no signature: it is not Anthropic's, and replayed thinking is dropped).
        onReasoning: (thinking) => {
          if (!body.thinking) return;
          begin();
          openBlock('thinking');
          event('content_block_delta', { index: block, delta: { type: 'thinking_delta', thinking } });
        },
        onText: (text) => {
          begin();
          openBlock('text');
          event('content_block_delta', { index: block, delta: { type: 'text_delta', text } });
        },
        onToolCall: (call) => {
          begin();
          closeBlock();
          event('content_block_start', { index: ++block, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
          // The arguments as the model produced them, in one piece.
          event('content_block_delta', { index: block, delta: { type: 'input_json_delta', partial_json: call.arguments } });
          event('content_block_stop', { index: block });
        },
      },
      started: () => started,
      failInStream: (error) => out.end(`event: error\ndata: ${JSON.stringify(ANTHROPIC_API.errorBody(error))}\n\n`),
      finish(result) {
        begin();
        closeBlock();
        const stopReason = STOP[result.finishReason ?? (result.toolCalls.length > 0 ? 'tool-calls' : 'stop')];
        const usage = { input_tokens: result.usage?.inputTokens ?? 0, output_tokens: result.usage?.outputTokens ?? 0 };
        if (!body.stream) return writeJson(res, 200, { ...message, content: contentOf(body, result), stop_reason: stopReason, usage });
        event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage });
        event('message_stop', {});
        out.end();
      },
    };
  },
};

/** The whole answer's content blocks: thinking (when enabled), text, then each tool call. */
function contentOf(body: MessagesBody, result: AnswerResult): Json[] {
  const content: Json[] = [];
  if (body.thinking && result.reasoning) content.push({ type: 'thinking', thinking: result.reasoning, signature: '' });
  if (result.text || result.refusal) content.push({ type: 'text', text: result.text || result.refusal });
  for (const call of result.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: inputOf(call.arguments) });
  return content;
}

/** A `tool_use` block's input is an object; arguments that are not one arrive as `{}`. */
function inputOf(args: string): unknown {
  try {
    const value = JSON.parse(args) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
