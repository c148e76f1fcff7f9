import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { streamAnswer, type AnswerHandlers, type AnswerResult } from '../core/answer/answer.js';
import type { ChainLink } from '../core/chain/chain.js';
import { planChain } from '../core/routing/plan-chain.js';
import type { ChatRequest } from '../ground/types.js';
import { linksHonouring } from './capable-links.js';
import type { RequestOutcome, ServeContext } from './serve-context.js';
import { listModels, providersListing } from './list-models.js';
import { ServeError } from './request-errors.js';
import { routeModel, type Route } from './route-model.js';

/** A request routed and planned: the links that can honour it, refused before any upstream request otherwise. */
export interface PreparedChat {
  links: ChainLink[];
  request: ChatRequest;
  /** The provider spec the model routed to (for error messages). */
  provider: string;
}

/** Every endpoint (chat completions, responses, messages) goes through the same routing and chain. */
export async function prepareChat(ctx: ServeContext, model: string | undefined, request: Omit<ChatRequest, 'model'>, outcome: RequestOutcome): Promise<PreparedChat> {
  const route = await routeWithLiveLists(model, ctx);
  outcome.model = model ?? 'auto';
  const plan = await planChain({ catalog: ctx.catalog, provider: route.provider, model: route.model, env: ctx.env, storedKeys: ctx.storedKeys, probeLocal: ctx.probeLocal });
  const full: ChatRequest = { ...request, model: route.model };
  return { links: linksHonouring(plan.links, full), request: full, provider: route.provider };
}

/** What every endpoint's parsed body has in common: the chat request it maps onto. */
export interface ParsedChat {
  messages: ChatRequest['messages'];
  stream: boolean;
  temperature?: number;
  maxTokens?: number;
  stop?: string[];
  tools?: ChatRequest['tools'];
  toolChoice?: ChatRequest['toolChoice'];
  parallelToolCalls?: boolean;
  responseFormat?: ChatRequest['responseFormat'];
  /** Preferences sent where the upstream's API has them (ChatRequest.topP). */
  topP?: number;
  topK?: number;
  reasoningEffort?: ChatRequest['reasoningEffort'];
  passthrough: Record<string, unknown>;
}

export function requestOf(body: ParsedChat): Omit<ChatRequest, 'model'> {
  return {
    messages: body.messages,
    temperature: body.temperature,
    maxTokens: body.maxTokens,
    stream: body.stream,
    ...(body.stop ? { stop: body.stop } : {}),
    ...(body.tools ? { tools: body.tools } : {}),
    ...(body.toolChoice ? { toolChoice: body.toolChoice } : {}),
    ...(body.parallelToolCalls !== undefined ? { parallelToolCalls: body.parallelToolCalls } : {}),
    ...(body.responseFormat ? { responseFormat: body.responseFormat } : {}),
    ...(body.topP !== undefined ? { topP: body.topP } : {}),
    ...(body.topK !== undefined ? { topK: body.topK } : {}),
    ...(body.reasoningEffort ? { reasoningEffort: body.reasoningEffort } : {}),
    ...(Object.keys(body.passthrough).length > 0 ? { passthrough: body.passthrough } : {}),
  };
}

/** A bare model name no table has may be one a local server lists: ask them (bounded, cached) before a 404. */
async function routeWithLiveLists(model: string | undefined, ctx: ServeContext): Promise<Route> {
  try {
    return routeModel(model, ctx.catalog, ctx.chain);
  } catch (error) {
    if (!(error instanceof ServeError) || error.status !== 404 || !model) throw error;
    await listModels(ctx, ctx.modelCache);
    const listing = providersListing(model.trim(), ctx.modelCache);
    if (listing.length === 0) throw error;
    return { provider: listing.join(','), model: model.trim() };
  }
}

/** Streams the answer to `handlers`; a client that goes away stops the upstream request at once. */
export function runChat(prepared: PreparedChat, ctx: ServeContext, handlers: AnswerHandlers, result: AnswerResult, signal: AbortSignal): Promise<AnswerResult> {
  return streamAnswer(
    prepared.links,
    prepared.request,
    { signal, timeoutMs: ctx.timeoutMs, maxTimeMs: ctx.maxTimeMs, retries: ctx.retries, proxy: ctx.proxy, allowPublic: ctx.allowPublic },
    handlers,
    result,
  );
}

export function abortOnDisconnect(res: ServerResponse): AbortController {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller;
}

/** Writes to the client that respect its back-pressure. */
export interface OutputWriter {
  write(text: string): void;
  /** Resolves when the client has taken what was sent; undefined when it has. */
  ready(): Promise<void> | undefined;
  /** The last words and the end of the answer, with everything written before them. */
  end(text?: string): void;
}

/**
 * Writes that respect back-pressure: `ready()` resolves when the client has taken what was sent.
 * Everything written in one turn of the event loop (the events of one upstream network read)
 * leaves in one system call: the connection is corked at the first write and uncorked on
 * setImmediate, after the turn's promise jobs (process.nextTick would uncork between them).
 * The socket itself is corked, not the response: Node 22 drops all but the first write corked on
 * a response when it is ended so (Node 20, 24 and 26 flush them). `end()` hands the last words
 * to `res.end`, which flushes the corked connection with them and the stream's end: an answer's
 * last turn leaves in one system call too.
 */
export function backPressuredWriter(res: ServerResponse): OutputWriter {
  let draining: Promise<void> | undefined;
  let corked: Socket | undefined;
  const uncork = () => {
    if (!corked) return;
    const socket = corked;
    corked = undefined;
    socket.uncork();
  };
  return {
    write: (text) => {
      // A pipelined response waiting for the connection has none yet: Node holds its writes itself.
      if (!corked && res.socket) {
        corked = res.socket;
        corked.cork();
        setImmediate(uncork);
      }
      if (!res.write(text) && !draining) draining = new Promise((resolve) => res.once('drain', () => resolve((draining = undefined))));
    },
    ready: () => draining,
    end: (text) => {
      // res.end flushes the corked connection whole (Node sets its count to one and uncorks).
      if (corked === res.socket) corked = undefined;
      else uncork();
      if (text) res.end(text);
      else res.end();
    },
  };
}
