import type { CallContext } from '../core/types.js';
import { send, type HttpRequest, type HttpResponse } from '../stream/http.js';

/** Sends a provider's request with the call's signal, timeout and proxy. */
export function call(ctx: CallContext, url: string, init: Pick<HttpRequest, 'method' | 'headers' | 'body'>): Promise<HttpResponse> {
  return send({ ...init, url, signal: ctx.signal, timeoutMs: ctx.timeoutMs, proxy: ctx.proxy });
}
