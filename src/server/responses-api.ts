import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { emptyAnswer, MAX_KEPT_TEXT, type AnswerResult } from '../core/answer/answer.js';
import { toG4fError } from '../ground/errors.js';
import type { ToolCall } from '../ground/types.js';
import type { RequestOutcome, ServeContext } from './chat-completions.js';
import { readBody } from './read-body.js';
import { serveErrorOf } from './request-errors.js';
import { parseResponsesBody, type NamespacedName } from './responses-request.js';
import { abortOnDisconnect, backPressuredWriter, prepareChat, requestOf, runChat } from './run-chat.js';

type Json = Record<string, unknown>;

/**
 * POST /v1/responses: OpenAI's Responses API (openai-node `src/resources/responses/responses.ts`)
 * on the same chain. A message item for the text, a `function_call` item per tool call (the
 * client runs it and sends a `function_call_output` back); streamed as `response.*` events,
 * each with its `sequence_number`.
 */
export async function handleResponses(req: IncomingMessage, res: ServerResponse, ctx: ServeContext, outcome: RequestOutcome): Promise<void> {
  const body = parseResponsesBody(await readBody(req), (id) => ctx.recentReasoning.recall(id));
  const prepared = await prepareChat(ctx, body.model, requestOf(body), outcome);
  const controller = abortOnDisconnect(res);
  const response: Json = { id: `resp_${randomBytes(12).toString('hex')}`, object: 'response', created_at: Math.floor(Date.now() / 1000), status: 'in_progress', model: body.model ?? 'auto', output: [], parallel_tool_calls: body.parallelToolCalls ?? true, tool_choice: body.toolChoice ?? 'auto', tools: [], error: null, incomplete_details: null };
  const out = backPressuredWriter(res);
  let sequence = 0;
  const event = (type: string, fields: Json) => body.stream && out.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`);
  // Output items in the order they began: reasoning, the message, then the calls.
  let nextIndex = 0;
  const finished: Array<{ index: number; item: Json }> = [];
  let reasoning: { id: string; index: number; text: string } | undefined;
  const message = { id: `msg_${randomBytes(12).toString('hex')}`, index: -1 };
  let text = '';
  let started = false;
  const begin = () => {
    if (started || !body.stream) return;
    started = true;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    event('response.created', { response });
    event('response.in_progress', { response });
  };
  // Reasoning the provider streams (`reasoning_content`, thinking) is a `reasoning` item
  // (openai-node `ResponseReasoningItem`): its summary when the client asked for one
  // (`reasoning.summary`, as Codex does; `response.reasoning_summary_*` events), else its
  // `reasoning_text` content (`response.reasoning_text.*`), as open models answer on the API.
  const summary = body.reasoningSummary;
  const where = (r: { id: string; index: number }) => ({ item_id: r.id, output_index: r.index, ...(summary ? { summary_index: 0 } : { content_index: 0 }) });
  const onReasoning = (delta: string) => {
    begin();
    if (!reasoning) {
      reasoning = { id: `rs_${randomBytes(12).toString('hex')}`, index: nextIndex++, text: '' };
      event('response.output_item.added', { output_index: reasoning.index, item: { id: reasoning.id, type: 'reasoning', status: 'in_progress', summary: [], content: [] } });
      if (summary) event('response.reasoning_summary_part.added', { ...where(reasoning), part: { type: 'summary_text', text: '' } });
    }
    reasoning.text = kept(reasoning.text, delta);
    event(summary ? 'response.reasoning_summary_text.delta' : 'response.reasoning_text.delta', { ...where(reasoning), delta });
  };
  const closeReasoning = () => {
    if (!reasoning) return;
    const { id, index, text: done } = reasoning;
    const item = summary
      ? { id, type: 'reasoning', status: 'completed', summary: [{ type: 'summary_text', text: done }], content: [] }
      : { id, type: 'reasoning', status: 'completed', summary: [], content: [{ type: 'reasoning_text', text: done }] };
    event(summary ? 'response.reasoning_summary_text.done' : 'response.reasoning_text.done', { ...where(reasoning), text: done });
    if (summary) event('response.reasoning_summary_part.done', { ...where(reasoning), part: { type: 'summary_text', text: done } });
    event('response.output_item.done', { output_index: index, item });
    finished.push({ index, item });
    ctx.recentReasoning.remember(id, done);
    reasoning = undefined;
  };
  const openMessage = () => {
    closeReasoning();
    if (message.index !== -1) return;
    message.index = nextIndex++;
    event('response.output_item.added', { output_index: message.index, item: { id: message.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
    event('response.content_part.added', { item_id: message.id, output_index: message.index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
  };
  const result: AnswerResult = emptyAnswer();
  try {
    await runChat(
      prepared,
      ctx,
      res,
      {
        onStart: (provider, model) => {
          response.model = outcome.provider = `${provider}/${model}`;
          begin();
        },
        onReasoning,
        onText: (delta) => {
          begin();
          openMessage();
          text = kept(text, delta);
          event('response.output_text.delta', { item_id: message.id, output_index: message.index, content_index: 0, delta, logprobs: [] });
        },
        ready: out.ready,
      },
      result,
      controller.signal,
    );
  } catch (error) {
    if (controller.signal.aborted) return;
    const failure = serveErrorOf(toG4fError(error), prepared.provider);
    if (!started) throw failure;
    response.status = 'failed';
    response.error = { code: failure.code ?? 'server_error', message: failure.message };
    event('response.failed', { response });
    res.end();
    return;
  }
  begin();
  closeReasoning();
  const answerText = text || result.text || result.refusal;
  if (answerText || result.toolCalls.length === 0) {
    openMessage();
    const part = { type: 'output_text', text: answerText, annotations: [] };
    const item = { id: message.id, type: 'message', status: 'completed', role: 'assistant', content: [part] };
    event('response.output_text.done', { item_id: message.id, output_index: message.index, content_index: 0, text: answerText, logprobs: [] });
    event('response.content_part.done', { item_id: message.id, output_index: message.index, content_index: 0, part });
    event('response.output_item.done', { output_index: message.index, item });
    finished.push({ index: message.index, item });
  }
  for (const call of result.toolCalls) {
    const index = nextIndex++;
    finished.push({ index, item: functionCall(call, index, body.namespaced, body.stream ? event : undefined) });
  }
  response.output = finished.sort((a, b) => a.index - b.index).map((f) => f.item);
  response.status = result.finishReason === 'length' ? 'incomplete' : 'completed';
  if (result.finishReason === 'length') response.incomplete_details = { reason: 'max_output_tokens' };
  response.usage = usageOf(result);
  if (body.stream) {
    event(response.status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(response));
}

/** A `function_call` item; streamed as added → arguments delta (the whole string) → arguments done → item done. */
function functionCall(call: ToolCall, index: number, namespaced: Map<string, NamespacedName>, event?: (type: string, fields: Json) => void): Json {
  const id = `fc_${randomBytes(12).toString('hex')}`;
  // A function of a namespace tool goes back under its own name, with the namespace beside it.
  const names = namespaced.get(call.name) ?? { name: call.name };
  const item = { id, type: 'function_call', status: 'completed', call_id: call.id, ...names, arguments: call.arguments };
  if (event) {
    event('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', arguments: '' } });
    event('response.function_call_arguments.delta', { item_id: id, output_index: index, delta: call.arguments });
    event('response.function_call_arguments.done', { item_id: id, output_index: index, name: names.name, arguments: call.arguments });
    event('response.output_item.done', { output_index: index, item });
  }
  return item;
}

function usageOf(result: AnswerResult): Json {
  const input = result.usage?.inputTokens ?? 0;
  const output = result.usage?.outputTokens ?? 0;
  return { input_tokens: input, input_tokens_details: { cached_tokens: 0 }, output_tokens: output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: result.usage?.totalTokens ?? input + output };
}

/** Text kept for the final item, up to the answer's bound (every delta is still streamed). */
function kept(so: string, delta: string): string {
  return so.length < MAX_KEPT_TEXT ? so + delta.slice(0, MAX_KEPT_TEXT - so.length) : so;
}
