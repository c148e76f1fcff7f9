import { NetworkError, ProtocolError, ServerError } from '../ground/errors.js';
import type { CallContext, ChatRequest, Message, Provider, StreamPart } from '../ground/types.js';
import { VERSION } from '../core/version.js';
import { parseJson, preview } from '../stream/ndjson-decoder.js';
import { sleep } from '../stream/sleep.js';
import { call } from './call.js';

/** The documented anonymous key: volunteers' workers serve it at the lowest priority. */
const ANONYMOUS_KEY = '0000000000';
/** The API asks clients to poll no more than about once a second. */
const POLL_MS = 1000;
const PROJECT_URL = 'https://www.npmjs.com/package/g4f-chat';
/**
 * Limits of a text job (Haidra-Org/AI-Horde `horde/apis/models/kobold_v2.py`): `max_length`
 * 16..4096 and `max_context_length` 80..1,048,576; without kudos upfront a job may ask for at
 * most 256–512 tokens under load (`horde/classes/kobold/waiting_prompt.py`,
 * `require_upfront_kudos`), so the anonymous ceiling is 512.
 */
const MIN_LENGTH = 16;
const ANONYMOUS_MAX_LENGTH = 512;
const MIN_CONTEXT = 80;
const MAX_CONTEXT = 1_048_576;

type Json = Record<string, unknown>;

export const horde: Provider = {
  id: 'horde',
  label: 'AI Horde',
  url: 'https://aihorde.net',
  baseURL: 'https://aihorde.net',
  working: true,
  needsAuth: false,
  keyless: true,
  apiKeyEnv: ['AI_HORDE_API_KEY'],
  supportsStream: false,
  supportsSystemMessage: true,
  supportsHistory: true,
  // `auto`: the text model with the most workers right now.
  defaultModel: 'auto',
  models: ['auto'],
  modelAliases: {},
  params: ['model', 'messages', 'temperature', 'max_tokens'],
  note: 'volunteer workers, anonymous key 0000000000: slow (a queue), last in auto',
  stream: streamHorde,
  listModels: listHordeModels,
};

function headers(ctx: CallContext): Record<string, string> {
  return {
    'content-type': 'application/json',
    apikey: ctx.apiKey ?? ANONYMOUS_KEY,
    'client-agent': `g4f-chat:${VERSION}:${PROJECT_URL}`,
  };
}

/** The conversation as one instruct prompt, ending where the model's answer begins. */
export function instructPrompt(messages: readonly Message[]): string {
  const parts: string[] = [];
  for (const m of messages) {
    if (m.role === 'system') parts.push(`${m.content}\n\n`);
    else if (m.role === 'user') parts.push(`### Instruction:\n${m.content}\n\n`);
    else parts.push(`### Response:\n${m.content}\n\n`);
  }
  return `${parts.join('')}### Response:\n`;
}

/**
 * Submits a job, then polls its status until it is done. Queue position and expected
 * wait come out as status parts. A job left behind (Ctrl-C, a deadline, an error) is
 * cancelled with DELETE, so no volunteer works for nobody.
 */
async function* streamHorde(req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  const model = !req.model || req.model === 'auto' ? await pickModel(ctx) : req.model;
  const prompt = instructPrompt(req.messages);
  const params = jobParams(prompt, req);
  const submitted = await call(ctx, `${ctx.baseURL}/api/v2/generate/text/async`, {
    headers: headers(ctx),
    // allow_downgrade: under load the Horde refuses a job it cannot fund upfront (403
    // KudosUpfront, `horde/apis/v2/kobold.py`) unless it may shorten it instead.
    body: JSON.stringify({ prompt, params, ...(model ? { models: [model] } : {}), allow_downgrade: true }),
  });
  const job = parseJson(await submitted.text(64 * 1024)) as Json;
  if (!job || typeof job.id !== 'string') throw new ProtocolError(`horde: the job was not accepted: ${preview(JSON.stringify(job))}`);
  const statusURL = `${ctx.baseURL}/api/v2/generate/text/status/${encodeURIComponent(job.id)}`;
  yield { type: 'start', provider: horde.id, model: model ?? 'any' };
  let finished = false;
  try {
    let said = '';
    for (;;) {
      await sleep(POLL_MS, ctx.signal);
      const response = await call(ctx, statusURL, { method: 'GET', headers: headers(ctx) });
      const status = parseJson(await response.text(1024 * 1024)) as Json;
      if (!status || typeof status !== 'object') throw new ProtocolError('horde: the job status is not a JSON object');
      if (status.faulted === true) throw new ServerError('horde: the job faulted on the worker');
      if (status.is_possible === false) throw new ServerError(`horde: no worker can serve ${model ?? 'this request'} now`);
      if (status.done === true) {
        const generation = (Array.isArray(status.generations) ? status.generations[0] : undefined) as Json | undefined;
        if (typeof generation?.text !== 'string') throw new ProtocolError('horde: the finished job has no text');
        finished = true;
        if (generation.text) yield { type: 'text', text: generation.text };
        yield { type: 'finish', reason: 'stop' };
        return;
      }
      const line = describeWait(status);
      if (line !== said) yield { type: 'status', text: (said = line) };
    }
  } finally {
    if (!finished) await cancel(statusURL, ctx);
  }
}

/**
 * `max_length` within the API's and the anonymous tier's bounds; `max_context_length` just
 * large enough for this prompt (about 3 characters a token, plus the answer), since a larger
 * one shuts out every worker whose model has a smaller context.
 */
export function jobParams(prompt: string, req: Pick<ChatRequest, 'maxTokens' | 'temperature'>): Json {
  const maxLength = Math.min(Math.max(req.maxTokens ?? ANONYMOUS_MAX_LENGTH, MIN_LENGTH), ANONYMOUS_MAX_LENGTH);
  const context = Math.min(Math.max(Math.ceil(prompt.length / 3) + maxLength, MIN_CONTEXT), MAX_CONTEXT);
  const params: Json = { max_length: maxLength, max_context_length: context };
  if (req.temperature !== undefined) params.temperature = req.temperature;
  return params;
}

function describeWait(status: Json): string {
  const position = typeof status.queue_position === 'number' ? status.queue_position : undefined;
  const wait = typeof status.wait_time === 'number' ? status.wait_time : undefined;
  if (status.processing === 1 || (position === 0 && status.waiting === 0)) return `horde: a worker is writing${wait ? `, about ${wait}s` : ''}`;
  return `horde: queue position ${position ?? '?'}${wait !== undefined ? `, about ${wait}s` : ''}`;
}

/** Best effort, with its own short deadline: the call's signal may already be aborted. */
async function cancel(statusURL: string, ctx: CallContext): Promise<void> {
  try {
    const response = await call({ ...ctx, signal: AbortSignal.timeout(3000), timeoutMs: 3000 }, statusURL, { method: 'DELETE', headers: headers(ctx) });
    await response.text(64 * 1024);
  } catch {
    // The job times out on its own on the Horde.
  }
}

interface HordeModel {
  name: string;
  count: number;
}

async function fetchModels(ctx: CallContext): Promise<HordeModel[]> {
  const response = await call(ctx, `${ctx.baseURL}/api/v2/status/models?type=text`, { method: 'GET', headers: headers(ctx) });
  const list = parseJson(await response.text(4 * 1024 * 1024)) as unknown;
  if (!Array.isArray(list)) throw new ProtocolError('horde: the model list is not a list');
  return list
    .filter((m): m is HordeModel => Boolean(m) && typeof m.name === 'string')
    .map((m) => ({ name: m.name, count: typeof m.count === 'number' ? m.count : 0 }))
    .sort((a, b) => b.count - a.count);
}

async function listHordeModels(ctx: CallContext): Promise<string[]> {
  return (await fetchModels(ctx)).map((m) => m.name);
}

/** The model most workers serve now; none (any worker) when the list cannot be had. */
async function pickModel(ctx: CallContext): Promise<string | undefined> {
  try {
    return (await fetchModels(ctx))[0]?.name;
  } catch (error) {
    if (ctx.signal.aborted) throw new NetworkError('horde: interrupted', error, false);
    return undefined;
  }
}
