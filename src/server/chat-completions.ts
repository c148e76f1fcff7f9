import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { emptyAnswer, type AnswerResult } from '../core/answer/answer.js';
import type { Catalog } from '../core/routing/catalog.js';
import type { ChainLink } from '../core/chain/chain.js';
import { toG4fError } from '../ground/errors.js';
import type { Env } from '../core/routing/provider-settings.js';
import { parseChatBody } from './chat-request.js';
import type { ModelCache } from './list-models.js';
import { readBody } from './read-body.js';
import type { RecentReasoning } from './recent-reasoning.js';
import { chunkEvent, completion, toolCallDelta, usageEvent, type CompletionIds } from './openai-shapes.js';
import { ServeError, serveErrorOf } from './request-errors.js';
import { abortOnDisconnect, backPressuredWriter, prepareChat, requestOf, runChat } from './run-chat.js';

/** What every request of one server shares: providers, keys, limits, the default chain. */
export interface ServeContext {
  catalog: Catalog;
  env: Env;
  storedKeys: Readonly<Record<string, string>>;
  chain: string;
  timeoutMs: number;
  maxTimeMs?: number;
  retries: number;
  proxy?: string;
  allowPublic: boolean;
  probeLocal(link: ChainLink): Promise<string[] | undefined>;
  /** Live model lists of local servers, shared by /v1/models and routing. */
  modelCache: ModelCache;
  /** Reasoning items of the Responses API answered lately, for clients that refer back to them. */
  recentReasoning: RecentReasoning;
}

/** What the request log line says. */
export interface RequestOutcome {
  model?: string;
  provider?: string;
}


/** POST /v1/chat/completions, streaming or not, through the same chain, rules and retries as `ask`. */
export async function handleChatCompletions(req: IncomingMessage, res: ServerResponse, ctx: ServeContext, outcome: RequestOutcome): Promise<void> {
  const body = parseChatBody(await readBody(req));
  const prepared = await prepareChat(ctx, body.model, requestOf(body), outcome);
  const controller = abortOnDisconnect(res);
  const ids: CompletionIds = { id: `chatcmpl-${randomBytes(12).toString('hex')}`, created: Math.floor(Date.now() / 1000), model: body.model ?? 'auto' };
  const result: AnswerResult = emptyAnswer();
  const out = backPressuredWriter(res);
  let started = false;
  let toolIndex = 0;
  const start = () => {
    if (started || !body.stream) return;
    started = true;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    out.write(chunkEvent(ids, { role: 'assistant', content: '' }));
  };
  const delta = (fields: Record<string, unknown>) => {
    start();
    if (body.stream) out.write(chunkEvent(ids, fields));
  };
  try {
    await runChat(
      prepared,
      ctx,
      res,
      {
        onStart: (provider, model) => {
          ids.model = `${provider}/${model}`;
          outcome.provider = ids.model;
        },
        onText: (text) => delta({ content: text }),
        onReasoning: (text) => delta({ reasoning_content: text }),
        onRefusal: (text) => delta({ refusal: text }),
        // One delta per call with its whole arguments string: exactly what the model produced.
        onToolCall: (call) => delta({ tool_calls: [toolCallDelta(call, toolIndex++)] }),
        ready: out.ready,
        keepText: body.stream ? 0 : undefined,
      },
      result,
      controller.signal,
    );
  } catch (error) {
    if (controller.signal.aborted) return;
    const failure = serveErrorOf(toG4fError(error), prepared.provider);
    if (!started) throw failure;
    // The answer had begun: the error goes in the stream, as OpenAI sends one.
    res.end(`data: ${JSON.stringify(failure.body())}\n\n`);
    return;
  }
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(completion(ids, result)));
    return;
  }
  start();
  ids.systemFingerprint = result.systemFingerprint;
  out.write(chunkEvent(ids, {}, result.finishReason ?? (result.toolCalls.length > 0 ? 'tool-calls' : 'stop')));
  if (body.includeUsage) out.write(usageEvent(ids, result.usage));
  res.end('data: [DONE]\n\n');
}
