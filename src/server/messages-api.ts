import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { emptyAnswer, type AnswerResult } from '../core/answer/answer.js';
import { toG4fError } from '../ground/errors.js';
import type { FinishReason } from '../ground/types.js';
import type { RequestOutcome, ServeContext } from './chat-completions.js';
import { parseMessagesBody } from './messages-request.js';
import { readBody } from './read-body.js';
import { ServeError, serveErrorOf } from './request-errors.js';
import { abortOnDisconnect, backPressuredWriter, prepareChat, requestOf, runChat } from './run-chat.js';

type Json = Record<string, unknown>;

const STOP: Readonly<Record<FinishReason, string>> = { stop: 'end_turn', length: 'max_tokens', 'tool-calls': 'tool_use', 'content-filter': 'refusal', other: 'end_turn' };

/**
 * POST /v1/messages: Anthropic's Messages API (anthropic-sdk-typescript `src/resources/messages`)
 * on the same chain, for clients that speak only it. Text and `tool_use` content blocks; streamed
 * as message_start, content_block_start/delta/stop (text_delta, input_json_delta), message_delta,
 * message_stop. Errors in Anthropic's shape.
 */
export async function handleMessages(req: IncomingMessage, res: ServerResponse, ctx: ServeContext, outcome: RequestOutcome): Promise<void> {
  let started = false;
  try {
    await answer(req, res, ctx, outcome, () => (started = true));
  } catch (error) {
    // A request refused before any provider was asked keeps its own status (400 naming the field).
    const failure = error instanceof ServeError ? error : serveErrorOf(toG4fError(error));
    if (started) return void res.end(`event: error\ndata: ${JSON.stringify(anthropicError(failure))}\n\n`);
    writeAnthropicError(res, failure);
  }
}

/** An error in Anthropic's shape (`{type:"error", error:{type, message}}`), for clients of the Messages API. */
export function writeAnthropicError(res: ServerResponse, failure: ServeError): void {
  res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
  res.end(JSON.stringify(anthropicError(failure)));
}

function anthropicError(failure: ServeError): Json {
  return { type: 'error', error: { type: anthropicType(failure), message: failure.message } };
}

async function answer(req: IncomingMessage, res: ServerResponse, ctx: ServeContext, outcome: RequestOutcome, onStarted: () => void): Promise<void> {
  const body = parseMessagesBody(await readBody(req));
  const prepared = await prepareChat(ctx, body.model, requestOf(body), outcome);
  const controller = abortOnDisconnect(res);
  const out = backPressuredWriter(res);
  const message: Json = { id: `msg_${randomBytes(12).toString('hex')}`, type: 'message', role: 'assistant', model: body.model ?? 'auto', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
  const event = (type: string, fields: Json) => body.stream && out.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`);
  let started = false;
  let block = -1;
  let textOpen = false;
  const begin = () => {
    if (started || !body.stream) return;
    started = true;
    onStarted();
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    event('message_start', { message });
  };
  const closeText = () => {
    if (textOpen) event('content_block_stop', { index: block });
    textOpen = false;
  };
  let thinkingOpen = false;
  const closeThinking = () => {
    if (thinkingOpen) event('content_block_stop', { index: block });
    thinkingOpen = false;
  };
  const result: AnswerResult = emptyAnswer();
  try {
    await runChat(
      prepared,
      ctx,
      res,
      {
        onStart: (provider, model) => {
          message.model = outcome.provider = `${provider}/${model}`;
          begin();
        },
        // Reasoning is a thinking block when the client enabled thinking (Anthropic's
        // `thinking_delta`; no signature: it is not Anthropic's, and replayed thinking is dropped).
        onReasoning: (thinking) => {
          if (!body.thinking) return;
          begin();
          if (!thinkingOpen) {
            closeText();
            thinkingOpen = true;
            event('content_block_start', { index: ++block, content_block: { type: 'thinking', thinking: '', signature: '' } });
          }
          event('content_block_delta', { index: block, delta: { type: 'thinking_delta', thinking } });
        },
        onText: (text) => {
          begin();
          closeThinking();
          if (!textOpen) {
            textOpen = true;
            event('content_block_start', { index: ++block, content_block: { type: 'text', text: '' } });
          }
          event('content_block_delta', { index: block, delta: { type: 'text_delta', text } });
        },
        onToolCall: (call) => {
          begin();
          closeThinking();
          closeText();
          event('content_block_start', { index: ++block, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
          // The arguments as the model produced them, in one piece.
          event('content_block_delta', { index: block, delta: { type: 'input_json_delta', partial_json: call.arguments } });
          event('content_block_stop', { index: block });
        },
        ready: out.ready,
      },
      result,
      controller.signal,
    );
  } catch (error) {
    if (controller.signal.aborted) return;
    throw error instanceof ServeError ? error : serveErrorOf(toG4fError(error), prepared.provider);
  }
  begin();
  closeThinking();
  closeText();
  const stopReason = STOP[result.finishReason ?? (result.toolCalls.length > 0 ? 'tool-calls' : 'stop')];
  const usage = { input_tokens: result.usage?.inputTokens ?? 0, output_tokens: result.usage?.outputTokens ?? 0 };
  if (body.stream) {
    event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage });
    event('message_stop', {});
    res.end();
    return;
  }
  const content: Json[] = [];
  if (body.thinking && result.reasoning) content.push({ type: 'thinking', thinking: result.reasoning, signature: '' });
  if (result.text || result.refusal) content.push({ type: 'text', text: result.text || result.refusal });
  for (const call of result.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: inputOf(call.arguments) });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ...message, content, stop_reason: stopReason, usage }));
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

function anthropicType(error: ServeError): string {
  if (error.status === 401) return 'authentication_error';
  if (error.status === 404) return 'not_found_error';
  if (error.status === 429) return 'rate_limit_error';
  if (error.status >= 500) return 'api_error';
  return 'invalid_request_error';
}
