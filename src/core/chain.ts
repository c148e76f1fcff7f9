import { AbortedError, AllFailedError, AuthError, CutShortError, HttpStatusError, TimeoutError, UsageError, toG4fError, type G4fError } from '../ground/errors.js';
import { isPrivateReach, type Reach } from './reach.js';
import { separateThinkBlock } from './think-block.js';
import { joinSurrogates } from './surrogate-join.js';
import { MAX_RETRY_AFTER_SECONDS, backoffDelay, sleep } from './retry-delay.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from '../ground/types.js';

/** One provider of a chain, with everything resolved for the call. */
export interface ChainLink {
  provider: Provider;
  model: string;
  baseURL: string;
  apiKey?: string;
  /** Where the key came from: an environment variable's name, `--api-key` or `stored`. */
  keyFrom?: string;
  /** Where a prompt sent here goes; see reach.ts. */
  reach: Reach;
  /** Where the base URL came from, in words, when not the default (`config providers.x.baseUrl`). */
  baseURLOrigin?: string;
}

export interface Attempt {
  provider: string;
  model?: string;
  outcome: 'ok' | 'failed' | 'skipped' | 'cut short';
  reason?: string;
  tries: number;
  /** What the error was, for the health record: http_status:500, network, timeout… */
  failure?: string;
}

export interface ChainOptions {
  signal: AbortSignal;
  timeoutMs: number;
  /** Longest one attempt at one provider may take in all, from request to last byte. */
  maxTimeMs?: number;
  proxy?: string;
  /** Retries of one provider after a retryable failure, before moving on. */
  retries: number;
  /** The user allowed a prompt to move from their own providers to public ones. */
  allowPublic?: boolean;
  /** Every attempt, in order, including providers skipped before the chain ran. */
  attempts: Attempt[];
  /** Progress for --verbose: failures and moves to the next provider. */
  onNotice?(message: string): void;
  /** A wait before trying the same provider again: `openai: HTTP 429, retrying in 20s`. */
  onRetry?(provider: string, reason: string, seconds: number): void;
  /** The answer comes from another provider than the first one tried: who failed, who answers. */
  onFallback?(message: string): void;
  /** A provider failed after a long wait and the next is tried: say so, or the wait looks like a hang. */
  onMovingOn?(message: string): void;
}

/**
 * Streams the answer from the first provider of the chain that gives one.
 * Before a provider's first visible part, failures are retried (when retryable) and
 * then the next provider is tried. After it, a failure is final: text the user has
 * already seen is never replayed by another provider.
 * A prompt that went to a local or keyed provider never moves on to a public one
 * unless `allowPublic` says the user agreed.
 */
export async function* streamChain(chain: readonly ChainLink[], request: ChatRequest, options: ChainOptions): AsyncGenerator<StreamPart> {
  const links = withImageSupport(chain, request, options.attempts);
  for (const link of chain) if (!links.includes(link)) options.onNotice?.(`skipped ${link.provider.id}: takes no images`);
  const failures: Array<{ provider: string; error: G4fError }> = [];
  const heldBack: string[] = [];
  let triedPrivate = false;
  for (const link of links) {
    if (link.reach === 'public' && triedPrivate && !options.allowPublic) {
      heldBack.push(link.provider.id);
      options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'skipped', reason: 'public: not sent after a private provider (--fallback public allows it)', tries: 0 });
      continue;
    }
    triedPrivate ||= isPrivateReach(link.reach);
    const linkStarted = Date.now();
    for (let tryNumber = 1; ; tryNumber++) {
      let shown = false;
      const attempt = attemptSignal(options.signal, options.maxTimeMs);
      const ctx: CallContext = { baseURL: link.baseURL, apiKey: link.apiKey, signal: attempt.signal, timeoutMs: options.timeoutMs, proxy: options.proxy };
      try {
        for await (const part of joinSurrogates(separateThinkBlock(link.provider.stream({ ...request, model: link.model }, ctx)))) {
          const visible = part.type === 'text' || part.type === 'reasoning' || part.type === 'refusal';
          if (!shown && visible && failures.length > 0) options.onFallback?.(fallbackMessage(failures, link));
          if (visible) shown = true;
          yield part;
        }
        options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'ok', tries: tryNumber });
        return;
      } catch (caught) {
        if (options.signal.aborted) throw new AbortedError();
        const error = attempt.expired() ? attempt.timeoutError(link.provider.id) : toG4fError(caught);
        addHint(error, link);
        if (shown) {
          options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'cut short', reason: error.message, tries: tryNumber, failure: failureClass(error) });
          throw new CutShortError(link.provider.id, error);
        }
        const wait = attempt.expired() ? undefined : retryWait(error, tryNumber, options.retries);
        if (wait !== undefined) {
          options.onRetry?.(link.provider.id, shortReason(error), Math.ceil(wait / 1000));
          options.onNotice?.(`${link.provider.id}: ${error.message}; retrying in ${(wait / 1000).toFixed(1)}s`);
          try {
            await sleep(wait, options.signal);
          } catch {
            throw new AbortedError();
          }
          continue;
        }
        options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'failed', reason: error.message, tries: tryNumber, failure: failureClass(error) });
        failures.push({ provider: link.provider.id, error });
        if (links.length > 1) options.onNotice?.(`${link.provider.id} failed: ${error.message}`);
        const seconds = Math.round((Date.now() - linkStarted) / 1000);
        const next = links[links.indexOf(link) + 1];
        if (next && seconds >= SLOW_FAILURE_SECONDS) options.onMovingOn?.(`${link.provider.id} failed after ${seconds}s (${shortReason(error)}); trying ${next.provider.id}`);
        break;
      } finally {
        attempt.dispose();
      }
    }
  }
  if (failures.length === 1 && heldBack.length === 0) throw failures[0].error;
  throw new AllFailedError(failures, heldBack);
}

/** A failure that took this long is announced as the chain moves on. */
const SLOW_FAILURE_SECONDS = 5;

/** `openai failed (HTTP 500), groq failed (timed out); answered by ollama · llama3.2` */
function fallbackMessage(failures: ReadonlyArray<{ provider: string; error: G4fError }>, link: ChainLink): string {
  const failed = failures.map((f) => `${f.provider} failed (${shortReason(f.error)})`).join(', ');
  return `${failed}; answered by ${link.provider.id} · ${link.model}`;
}

/**
 * With images attached, only providers that take them are asked (others are recorded as
 * skipped); when none of the chain does, the request is refused before anything is sent.
 */
function withImageSupport(links: readonly ChainLink[], request: ChatRequest, attempts: Attempt[]): readonly ChainLink[] {
  if (!request.messages.some((m) => m.images?.length)) return links;
  const usable = links.filter((link) => link.provider.supportsImages);
  for (const link of links) {
    if (!usable.includes(link)) attempts.push({ provider: link.provider.id, model: link.model, outcome: 'skipped', reason: 'takes no images', tries: 0 });
  }
  if (usable.length === 0) {
    throw new UsageError(`${links.map((l) => l.provider.id).join(', ') || 'the chosen provider'} take${links.length === 1 ? 's' : ''} no images`, 'choose a provider that does: openai, anthropic, gemini, ollama, openrouter…');
  }
  return usable;
}

/** `openai: HTTP 429, retrying in 20s (Ctrl-C to stop)` */
export function retryMessage(provider: string, reason: string, seconds: number): string {
  return `${provider}: ${reason}, retrying in ${seconds}s (Ctrl-C to stop)`;
}

/** `HTTP 429` for a status; otherwise the message, kept short. */
export function shortReason(error: G4fError): string {
  if (error instanceof HttpStatusError) return `HTTP ${error.status}`;
  const text = error.message.replace(/^[a-z0-9-]+: /, '');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function failureClass(error: G4fError): string {
  return error instanceof HttpStatusError ? `${error.code}:${error.status}` : error.code;
}

function addHint(error: G4fError, link: ChainLink): void {
  if (error instanceof AuthError) {
    error.hint = keyHint(link);
    return;
  }
  if (error instanceof HttpStatusError && error.status === 404) {
    error.hint = `check the model name: g4f-chat models ${link.provider.id}`;
    if (link.baseURLOrigin) error.hint += ` (base URL ${link.baseURL} from ${link.baseURLOrigin})`;
    return;
  }
  // A base URL the user set is named, so that a wrong address can be found.
  const wrongAddress = error.code === 'network' || error.code === 'timeout' || (error instanceof HttpStatusError && error.status === 404);
  if (link.baseURLOrigin && wrongAddress && !error.hint) {
    error.hint = `${link.provider.id}'s base URL ${link.baseURL} comes from ${link.baseURLOrigin}`;
  }
}

/** A rejected key: where the key sent came from, or where the provider would read one. */
function keyHint(link: ChainLink): string {
  const id = link.provider.id;
  if (link.keyFrom === 'stored') return `the key sent is the one stored for ${id}: check it (g4f-chat keys list), replace it with g4f-chat keys set ${id}`;
  if (link.keyFrom) return `the key sent comes from ${link.keyFrom}: check it (g4f-chat keys list)`;
  const names = link.provider.apiKeyEnv ?? [];
  if (link.provider.userDefined && names.length === 0) return `no key was sent: set providers.${id}.keyEnv to the variable holding its key (g4f-chat config set providers.${id}.keyEnv NAME)`;
  const from = names.length > 0 ? `${names.join(' or ')} (or g4f-chat keys set ${id})` : `g4f-chat keys set ${id}`;
  return `no key was sent: ${id} reads it from ${from}`;
}

/** The run's signal, plus a deadline for one attempt when `maxTimeMs` is set. */
function attemptSignal(outer: AbortSignal, maxTimeMs: number | undefined) {
  if (!maxTimeMs) return { signal: outer, expired: () => false, timeoutError: () => new TimeoutError('timed out'), dispose() {} };
  const controller = new AbortController();
  let expired = false;
  const onAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error('max time'));
  }, maxTimeMs);
  return {
    signal: controller.signal,
    expired: () => expired,
    timeoutError: (id: string) =>
      Object.assign(new TimeoutError(`${id}: timed out: no complete answer within ${Math.round(maxTimeMs / 100) / 10}s`), {
        hint: 'raise the limit with --max-time <seconds>',
      }),
    dispose() {
      clearTimeout(timer);
      outer.removeEventListener('abort', onAbort);
    },
  };
}

/** Milliseconds to wait before trying the same provider again, or undefined to move on. */
function retryWait(error: G4fError, tryNumber: number, retries: number): number | undefined {
  if (!error.retryable || tryNumber > retries) return undefined;
  if (error instanceof HttpStatusError && error.retryAfterSeconds !== undefined) {
    if (error.retryAfterSeconds > MAX_RETRY_AFTER_SECONDS) return undefined;
    return error.retryAfterSeconds * 1000;
  }
  return backoffDelay(tryNumber);
}
