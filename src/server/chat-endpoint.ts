import type { IncomingMessage, ServerResponse } from 'node:http';
import { emptyAnswer, type AnswerHandlers, type AnswerResult } from '../core/answer/answer.js';
import type { ApiFamily } from './api-family.js';
import { PublicError, writeError } from './error-writer.js';
import { readBody } from './read-body.js';
import { abortOnDisconnect, backPressuredWriter, prepareChat, requestOf, runChat, type OutputWriter, type ParsedChat } from './run-chat.js';
import type { RequestOutcome, ServeContext } from './serve-context.js';

/** One request being answered. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: ServeContext;
  outcome: RequestOutcome;
}

/** What every chat endpoint's body maps onto: the chat request and the model asked for. */
export type EndpointBody = ParsedChat & { model?: string };

/** How one endpoint writes an answer in its API's shape while the chain runs. */
export interface AnswerWriter {
  /** The chain's parts as they arrive (text, reasoning, tool calls…). */
  handlers: Omit<AnswerHandlers, 'ready'>;
  /** Whether the answer's head went out (200, an event stream): a failure then goes in the stream. */
  started(): boolean;
  /** A failure after the answer began, as this API sends one inside its stream. */
  failInStream(error: PublicError): void;
  /** The chain finished: the rest of the stream, or the whole answer. */
  finish(result: AnswerResult): void | Promise<void>;
}

/** A chat API served on the chain: its error shape, how its body is read, how its answer is written. */
export interface ChatEndpoint<Body extends EndpointBody> {
  family: ApiFamily;
  /** The body as this API defines it, refused (400 naming the field) before any provider is asked. */
  parse(text: string, ctx: ServeContext): Body | Promise<Body>;
  writer(body: Body, out: OutputWriter, exchange: Exchange): AnswerWriter;
}

/**
 * The one way every chat endpoint answers: parse → route and plan → run the chain → write the
 * answer, or the error in the API's shape (before the answer began: a whole error body; after: in
 * the stream). A client that goes away stops the upstream request at once, and nothing more is written.
 */
export async function answerChat<Body extends EndpointBody>(endpoint: ChatEndpoint<Body>, exchange: Exchange): Promise<void> {
  const { req, res, ctx, outcome } = exchange;
  const body = await endpoint.parse(await readBody(req), ctx);
  const prepared = await prepareChat(ctx, body.model, requestOf(body), outcome);
  const controller = abortOnDisconnect(res);
  const out = backPressuredWriter(res);
  const writer = endpoint.writer(body, out, exchange);
  const result: AnswerResult = emptyAnswer();
  try {
    await runChat(prepared, ctx, { ...writer.handlers, ready: out.ready }, result, controller.signal);
  } catch (error) {
    if (controller.signal.aborted) return;
    const failure = PublicError.of(error, prepared.provider);
    if (writer.started()) writer.failInStream(failure);
    else writeError(res, endpoint.family, failure);
    return;
  }
  await writer.finish(result);
}

/** The head of an event stream, the same for every API. */
export function startEventStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

/** A whole JSON answer. */
export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
