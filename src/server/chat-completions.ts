import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { emptyAnswer, streamAnswer, type AnswerResult } from '../core/answer.js';
import type { Catalog } from '../core/catalog.js';
import type { ChainLink } from '../core/chain.js';
import { toG4fError } from '../ground/errors.js';
import { planChain } from '../core/plan-chain.js';
import type { Env } from '../core/provider-settings.js';
import type { ChatRequest, ImageInput, Message } from '../ground/types.js';
import { chunkEvent, completion, usageEvent, type CompletionIds } from './openai-shapes.js';
import { ServeError, serveErrorOf } from './request-errors.js';
import { routeModel } from './route-model.js';

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
}

/** What the request log line says. */
export interface RequestOutcome {
  model?: string;
  provider?: string;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** POST /v1/chat/completions, streaming or not, through the same chain, rules and retries as `ask`. */
export async function handleChatCompletions(req: IncomingMessage, res: ServerResponse, ctx: ServeContext, outcome: RequestOutcome): Promise<void> {
  const body = parseBody(await readBody(req));
  const route = routeModel(body.model, ctx.catalog, ctx.chain);
  outcome.model = body.model ?? 'auto';
  const plan = await planChain({ catalog: ctx.catalog, provider: route.provider, model: route.model, env: ctx.env, storedKeys: ctx.storedKeys, probeLocal: ctx.probeLocal });
  const request: ChatRequest = { messages: body.messages, model: route.model, temperature: body.temperature, maxTokens: body.maxTokens, stop: body.stop, stream: body.stream };
  const controller = new AbortController();
  // A client that goes away stops the upstream request at once.
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const ids: CompletionIds = { id: `chatcmpl-${randomBytes(12).toString('hex')}`, created: Math.floor(Date.now() / 1000), model: body.model ?? 'auto' };
  const result: AnswerResult = emptyAnswer();
  let started = false;
  let draining: Promise<void> | undefined;
  const write = (text: string) => {
    if (!res.write(text) && !draining) draining = new Promise((resolve) => res.once('drain', () => resolve((draining = undefined))));
  };
  const start = () => {
    if (started || !body.stream) return;
    started = true;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    write(chunkEvent(ids, { role: 'assistant', content: '' }));
  };
  try {
    await streamAnswer(
      plan.links,
      request,
      { signal: controller.signal, timeoutMs: ctx.timeoutMs, maxTimeMs: ctx.maxTimeMs, retries: ctx.retries, proxy: ctx.proxy, allowPublic: ctx.allowPublic },
      {
        onStart: (provider, model) => {
          ids.model = `${provider}/${model}`;
          outcome.provider = ids.model;
        },
        onText: (text) => {
          start();
          if (body.stream) write(chunkEvent(ids, { content: text }));
        },
        onReasoning: (text) => {
          start();
          if (body.stream) write(chunkEvent(ids, { reasoning_content: text }));
        },
        onRefusal: (text) => {
          start();
          if (body.stream) write(chunkEvent(ids, { refusal: text }));
        },
        ready: () => draining,
        keepText: body.stream ? 0 : undefined,
      },
      result,
    );
  } catch (error) {
    if (controller.signal.aborted) return;
    const failure = serveErrorOf(toG4fError(error), route.provider);
    if (!started) throw failure;
    // The answer had begun: the error goes in the stream, as OpenAI sends one.
    res.end(`data: ${JSON.stringify(failure.body())}\n\n`);
    return;
  }
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(completion(ids, result.text || result.refusal, result.reasoning, result.finishReason, result.usage)));
    return;
  }
  start();
  write(chunkEvent(ids, {}, result.finishReason ?? 'stop'));
  if (body.includeUsage) write(usageEvent(ids, result.usage));
  res.end('data: [DONE]\n\n');
}

interface ChatBody {
  model?: string;
  messages: Message[];
  stream: boolean;
  includeUsage: boolean;
  temperature?: number;
  maxTokens?: number;
  stop?: string[];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Answered at once; the rest of the upload is read and dropped so the answer arrives.
        if (chunks.length > 0) reject(new ServeError(413, `the request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`, 'invalid_request_error', 'request_too_large'));
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const invalid = (message: string) => new ServeError(400, message, 'invalid_request_error');

function parseBody(text: string): ChatBody {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw invalid('the request body is not valid JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw invalid('the request body must be a JSON object');
  if (!Array.isArray(json.messages) || json.messages.length === 0) throw invalid('`messages` must be a non-empty array');
  const messages = json.messages.map((m, i) => messageOf(m, i));
  const number = (value: unknown, name: string) => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`\`${name}\` must be a number`);
    return value;
  };
  if (json.model !== undefined && typeof json.model !== 'string') throw invalid('`model` must be a string');
  return {
    model: json.model as string | undefined,
    messages,
    stream: json.stream === true,
    includeUsage: Boolean((json.stream_options as { include_usage?: unknown } | undefined)?.include_usage),
    temperature: number(json.temperature, 'temperature'),
    maxTokens: number(json.max_completion_tokens ?? json.max_tokens, 'max_tokens'),
    stop: stopOf(json.stop),
  };
}

/** `stop`: a string or up to four strings (OpenAI's limit). */
function stopOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length > 4 || list.some((s) => typeof s !== 'string')) throw invalid('`stop` must be a string or an array of up to 4 strings');
  return list as string[];
}

/** A message with text content, or content parts of which the text ones are kept. */
function messageOf(value: unknown, index: number): Message {
  const m = value as { role?: unknown; content?: unknown };
  const role = m?.role === 'developer' ? 'system' : m?.role;
  if (role !== 'system' && role !== 'user' && role !== 'assistant') throw invalid(`messages[${index}].role must be system, user or assistant`);
  if (typeof m.content === 'string') return { role, content: m.content };
  if (Array.isArray(m.content)) {
    const text: string[] = [];
    const images: ImageInput[] = [];
    for (const part of m.content as Array<{ type?: unknown; text?: unknown; image_url?: { url?: unknown } | string }>) {
      if (part?.type === 'text') text.push(String(part.text ?? ''));
      else if (part?.type === 'image_url') images.push(imageOf(part.image_url, index));
      else throw invalid(`messages[${index}]: content parts must be text or image_url`);
    }
    return { role, content: text.join(''), ...(images.length > 0 ? { images } : {}) };
  }
  if (m.content === null && role === 'assistant') return { role, content: '' };
  throw invalid(`messages[${index}].content must be a string or an array of text parts`);
}

/** An `image_url` part: a `data:` URL is decoded; a remote address is not fetched by the server. */
function imageOf(value: { url?: unknown } | string | undefined, index: number): ImageInput {
  const url = typeof value === 'string' ? value : value?.url;
  if (typeof url !== 'string') throw invalid(`messages[${index}]: image_url needs a url`);
  const data = /^data:([\w.+-]+\/[\w.+-]+);base64,([A-Za-z0-9+/=\s]+)$/.exec(url);
  if (!data) throw invalid(`messages[${index}]: send images as data: URLs (base64); this server does not fetch image addresses`);
  return { mediaType: data[1], data: data[2].replace(/\s+/g, '') };
}
