import { AuthError, NetworkError, TimeoutError, toG4fError, type G4fError } from '../../ground/errors.js';
import type { CallContext } from '../../ground/types.js';
import type { ChainLink } from './chain.js';
import { modelFromServerList } from '../routing/server-default.js';

const BACKSTOP_MS = 1000;

/** What asking the server's list before the first request decided. */
export type ListFirstOutcome =
  /** Send `model` (the default when listed, else the replacement rule's pick; undefined: the default as it is). */
  | { model: string | undefined }
  /** The host cannot be reached or said nothing: the attempt has failed, as the chat request would. */
  | { error: G4fError };

/**
 * At an address the user set, without a model named (`link.askListFirst`), the provider's
 * default is only a guess: the server's model list is asked first. A list that is refused, not
 * this API, or lists no chat model leaves the default; a host that cannot be reached or stays
 * silent, a proxy that refuses, or a key the server refuses fails the attempt here, so it is met once.
 */
export async function modelListedFirst(link: ChainLink, ctx: CallContext): Promise<ListFirstOutcome> {
  // The list is the first word with the host: it gets the wait a chat request's first byte gets.
  const bound = Math.min(ctx.firstByteMs ?? ctx.timeoutMs, ctx.timeoutMs);
  // The HTTP layer's own limit (the same bound) says it best; this one is the backstop behind it.
  const limit = AbortSignal.timeout(bound + BACKSTOP_MS);
  let listed: string[];
  try {
    listed = await link.provider.listModels!({ ...ctx, signal: AbortSignal.any([ctx.signal, limit]) });
  } catch (caught) {
    if (ctx.signal.aborted) throw caught;
    const error = toG4fError(caught);
    // What the chat request would meet as well: no route to the host, a proxy that refuses, a key the server refuses.
    if ((error instanceof NetworkError && error.unreachable) || error instanceof AuthError || error.code === 'proxy') return { error };
    if (error instanceof TimeoutError) return { error: Object.assign(error, { firstByte: true }) };
    if (limit.aborted) {
      // Silence before any byte: the host is passed over for the rest of the run, as a silent chat request would be.
      const silent = new TimeoutError(`${link.provider.id}: timed out: ${hostLabel(link.baseURL)} sent nothing within ${Math.round(bound / 100) / 10}s`);
      return { error: Object.assign(silent, { firstByte: true }) };
    }
    return { model: undefined };
  }
  return { model: modelFromServerList(listed, link) };
}

function hostLabel(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}
