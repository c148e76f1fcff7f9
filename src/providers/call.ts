import type { CallContext } from '../ground/types.js';
import { USER_AGENT } from '../ground/version.js';
import { send, type HttpRequest, type HttpResponse } from '../stream/http.js';

/**
 * Sends a provider's request with the call's signal, timeout and proxy. g4f-chat says who it
 * is (`User-Agent: g4f-chat/<version>`) unless a seed provider's protocol fixes the header.
 */
export function call(ctx: CallContext, url: string, init: Pick<HttpRequest, 'method' | 'headers' | 'body'>): Promise<HttpResponse> {
  const named = Object.keys(init.headers).some((name) => name.toLowerCase() === 'user-agent');
  const headers = named ? init.headers : { ...init.headers, 'user-agent': USER_AGENT };
  return send({ ...init, headers, url, signal: ctx.signal, timeoutMs: ctx.timeoutMs, firstByteMs: ctx.firstByteMs, proxy: ctx.proxy });
}
