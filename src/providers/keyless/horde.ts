import { NetworkError, ProtocolError, ServerError } from '../../ground/errors.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from '../../ground/types.js';
import { parseJson, preview } from '../../stream/ndjson-decoder.js';
import { sleep } from '../../stream/sleep.js';
import { call } from '../call.js';
import { listHordeModels, pickModel } from './horde-models.js';
import { hordeHeaders, instructPrompt, jobParams, POLL_MS } from './horde-prompt.js';

export { instructPrompt, jobParams } from './horde-prompt.js';

type Json = Record<string, unknown>;

export const horde: Provider = {
  id: 'horde',
  label: 'AI Horde',
  url: 'https://aihorde.net',
  baseURL: 'https://aihorde.net',
  working: true,
  kind: 'keyless',
  apiKeyEnv: ['AI_HORDE_API_KEY'],
  capabilities: ['system', 'history'],
  // `auto`: the text model with the most workers right now.
  defaultModel: 'auto',
  defaultResolvedByServer: true,
  models: ['auto'],
  modelAliases: {},
  params: ['model', 'messages', 'temperature', 'max_tokens'],
  note: 'volunteer workers, anonymous key 0000000000: slow (a queue), last in auto',
  stream: streamHorde,
  listModels: listHordeModels,
};

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
    headers: hordeHeaders(ctx),
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
      const response = await call(ctx, statusURL, { method: 'GET', headers: hordeHeaders(ctx) });
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

function describeWait(status: Json): string {
  const position = typeof status.queue_position === 'number' ? status.queue_position : undefined;
  const wait = typeof status.wait_time === 'number' ? status.wait_time : undefined;
  if (status.processing === 1 || (position === 0 && status.waiting === 0)) return `horde: a worker is writing${wait ? `, about ${wait}s` : ''}`;
  return `horde: queue position ${position ?? '?'}${wait !== undefined ? `, about ${wait}s` : ''}`;
}

/** Best effort, with its own short deadline: the call's signal may already be aborted. */
async function cancel(statusURL: string, ctx: CallContext): Promise<void> {
  try {
    const response = await call({ ...ctx, signal: AbortSignal.timeout(3000), timeoutMs: 3000 }, statusURL, { method: 'DELETE', headers: hordeHeaders(ctx) });
    await response.text(64 * 1024);
  } catch {
    // The job times out on its own on the Horde.
  }
}
