import { NetworkError, ProtocolError } from '../../ground/errors.js';
import type { CallContext } from '../../ground/types.js';
import { parseJson } from '../../stream/ndjson-decoder.js';
import { call } from '../call.js';
import { hordeHeaders } from './horde-prompt.js';

interface HordeModel {
  name: string;
  count: number;
}

async function fetchModels(ctx: CallContext): Promise<HordeModel[]> {
  const response = await call(ctx, `${ctx.baseURL}/api/v2/status/models?type=text`, { method: 'GET', headers: hordeHeaders(ctx) });
  const list = parseJson(await response.text(4 * 1024 * 1024)) as unknown;
  if (!Array.isArray(list)) throw new ProtocolError('horde: the model list is not a list');
  return list
    .filter((m): m is HordeModel => Boolean(m) && typeof m.name === 'string')
    .map((m) => ({ name: m.name, count: typeof m.count === 'number' ? m.count : 0 }))
    .sort((a, b) => b.count - a.count);
}

export async function listHordeModels(ctx: CallContext): Promise<string[]> {
  return (await fetchModels(ctx)).map((m) => m.name);
}

/** The model most workers serve now; none (any worker) when the list cannot be had. */
export async function pickModel(ctx: CallContext): Promise<string | undefined> {
  try {
    return (await fetchModels(ctx))[0]?.name;
  } catch (error) {
    if (ctx.signal.aborted) throw new NetworkError('horde: interrupted', error, false);
    return undefined;
  }
}
