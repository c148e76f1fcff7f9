import type { CallContext } from '../../ground/types.js';
import type { HttpResponse } from '../../stream/http.js';
import { send } from '../../stream/http.js';
import { pythonJsonDumps } from './python-json.js';

/** The header the seed providers' Python clients advertised (gpt4free installs brotli). */
export const PYTHON_ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * POSTs a seed provider's body as Python's json.dumps wrote it, with `headers` in wire order;
 * a `Content-Length` entry (any value) marks where the length goes, else it goes last.
 */
export function postSeedRequest(ctx: CallContext, url: string, headers: ReadonlyArray<readonly [string, string]>, body: unknown): Promise<HttpResponse> {
  const text = pythonJsonDumps(body);
  const length = String(Buffer.byteLength(text));
  const ordered: Record<string, string> = {};
  for (const [name, value] of headers) ordered[name] = name.toLowerCase() === 'content-length' ? length : value;
  if (!Object.keys(ordered).some((name) => name.toLowerCase() === 'content-length')) ordered['Content-Length'] = length;
  return send({ url, method: 'POST', headers: ordered, body: text, exactHeaders: true, signal: ctx.signal, timeoutMs: ctx.timeoutMs, firstByteMs: ctx.firstByteMs, proxy: ctx.proxy });
}
