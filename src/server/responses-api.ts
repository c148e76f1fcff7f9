import { randomBytes } from 'node:crypto';
import type { AnswerResult } from '../core/answer/answer.js';
import { OPENAI_API } from './api-family.js';
import { startEventStream, writeJson, type ChatEndpoint } from './chat-endpoint.js';
import { PublicError, writeError } from './error-writer.js';
import type { ResponsesBody } from './responses-request.js';
import { parseStoredResponses, saveTurn, type StoredTurn } from './responses-stored.js';
import { functionCallItem, messageItem, OutputItems, reasoningItem, type EmitEvent } from './responses-items.js';

type Json = Record<string, unknown>;

/**
 * POST /v1/responses: OpenAI's Responses API (openai-node `src/resources/responses/responses.ts`)
 * on the same chain. A message item for the text, a `function_call` item per tool call (the
 * client runs it and sends a `function_call_output` back); streamed as `response.*` events,
 * each with its `sequence_number`. The items are written by responses-items.ts.
 */
export const RESPONSES: ChatEndpoint<ResponsesBody & { turn?: StoredTurn }> = {
  family: OPENAI_API,
  parse: parseStoredResponses,
  writer(body, out, { res, ctx, outcome }) {
    const response = responseObject(body);
    let sequence = 0;
    const event: EmitEvent = (type, fields) => {
      if (body.stream) out.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`);
    };
    const items = new OutputItems();
    const reasoning = reasoningItem(event, items, body.reasoningSummary, (id, text) => ctx.recentReasoning.remember(id, text));
    const message = messageItem(event, items);
    let started = false;
    const begin = () => {
      if (started || !body.stream) return;
      started = true;
      startEventStream(res);
      event('response.created', { response });
      event('response.in_progress', { response });
    };
    return {
      handlers: {
        onStart: (provider, model) => {
          response.model = outcome.provider = `${provider}/${model}`;
          begin();
        },
        onReasoning: (delta) => {
          begin();
          reasoning.delta(delta);
        },
        onText: (delta) => {
          begin();
          reasoning.close();
          message.delta(delta);
        },
      },
      started: () => started,
      failInStream(error) {
        response.status = 'failed';
        response.error = { code: error.code ?? 'server_error', message: error.message };
        event('response.failed', { response });
        out.end();
      },
      async finish(result) {
        begin();
        reasoning.close();
        const text = message.streamed() || result.text || result.refusal;
        if (text || result.toolCalls.length === 0) message.close(text);
        for (const call of result.toolCalls) functionCallItem(call, items, body.namespaced, event);
        completeResponse(response, items, result);
        // Kept before the client hears it is complete; a store that fails is said, not skipped.
        const failure = body.turn ? await saveTurn(body.turn, response).then(() => undefined, (error: unknown) => PublicError.of(error)) : undefined;
        if (failure && !body.stream) return writeError(res, OPENAI_API, failure);
        if (failure) return this.failInStream(failure);
        if (!body.stream) return writeJson(res, 200, response);
        event(response.status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
        out.end();
      },
    };
  },
};

/** The response object as it is created (`in_progress`), before any output. */
function responseObject(body: ResponsesBody & { turn?: StoredTurn }): Json {
  return {
    id: `resp_${randomBytes(12).toString('hex')}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'in_progress',
    model: body.model ?? 'auto',
    output: [],
    parallel_tool_calls: body.parallelToolCalls ?? true,
    tool_choice: body.toolChoice ?? 'auto',
    tools: [],
    error: null,
    incomplete_details: null,
    store: body.turn?.store ?? false,
    previous_response_id: body.turn?.previousResponseId ?? null,
    ...(body.turn?.conversationId ? { conversation: { id: body.turn.conversationId } } : {}),
  };
}

/** The finished response: its items in order, its status (incomplete when cut at the token limit) and usage. */
function completeResponse(response: Json, items: OutputItems, result: AnswerResult): void {
  response.output = items.inOrder();
  response.status = result.finishReason === 'length' ? 'incomplete' : 'completed';
  if (result.finishReason === 'length') response.incomplete_details = { reason: 'max_output_tokens' };
  response.usage = usageOf(result);
}

function usageOf(result: AnswerResult): Json {
  const input = result.usage?.inputTokens ?? 0;
  const output = result.usage?.outputTokens ?? 0;
  return { input_tokens: input, input_tokens_details: { cached_tokens: 0 }, output_tokens: output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: result.usage?.totalTokens ?? input + output };
}
