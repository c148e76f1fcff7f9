import { AbortedError, AllFailedError, AuthError, CutShortError, HttpStatusError, NetworkError, TimeoutError, UsageError, toG4fError, type G4fError } from '../../ground/errors.js';
import { isPrivateReach, type BaseURLSource, type Reach } from '../routing/reach.js';
import { attemptSignal } from './attempt-signal.js';
import { findReplacement, isUnknownModelError } from '../routing/heal-model.js';
import { offlineError } from './offline.js';
import { separateThinkBlock } from '../parts/think-block.js';
import { joinSurrogates } from '../parts/surrogate-join.js';
import { MAX_RETRY_AFTER_SECONDS, backoffDelay, sleep } from './retry-delay.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from '../../ground/types.js';

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
  baseURLSource?: BaseURLSource;
  /** The model is the provider's built-in default (no -m, role, config or variable named one). */
  modelIsDefault?: boolean;
}

export interface Attempt {
  provider: string;
  model?: string;
  outcome: 'ok' | 'failed' | 'skipped' | 'cut short';
  reason?: string;
  tries: number;
  /** What the error was, for the health record: http_status:500, network, timeout… */
  failure?: string;
  /** Skipped because its host failed earlier in this run (silent or unreachable): that host. */
  passedOverHost?: string;
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
  onFallback?(message: string, answeredBy: string): void;
  /** A provider failed and the next is tried: said as it happens, or the wait looks like a hang. */
  onMovingOn?(message: string): void;
  /** A provider is being asked (the spinner names it and counts the seconds). */
  onAsking?(provider: string, model: string): void;
  /** A retired default was replaced by a model from the provider's own list. */
  onHealed?(link: ChainLink, retired: string, reason: string): void;
  /** Longest wait for the first byte of a streamed request that has received nothing. */
  firstByteMs?: number;
  /** One deadline for the whole chain: no provider is tried, and none waits for its answer to begin, after it. */
  chainTimeoutMs?: number;
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
  const links = withToolSupport(withImageSupport(chain, request, options.attempts), request, options.attempts);
  for (const link of chain) if (!links.includes(link)) options.onNotice?.(`skipped ${link.provider.id}: ${request.tools?.length && !link.provider.supportsTools ? 'takes no tools' : 'takes no images'}`);
  const failures: Array<{ provider: string; error: G4fError }> = [];
  const heldBack: string[] = [];
  // A host that took the connection and said nothing, or could not be reached at all, is not
  // asked again in this run: the reason it is skipped, by host.
  const hostsPassedOver = new Map<string, string>();
  const chainStarted = Date.now();
  const chainDeadline = options.chainTimeoutMs ? chainStarted + options.chainTimeoutMs : undefined;
  let triedPrivate = false;
  for (let index = 0; index < links.length; index++) {
    let link = links[index]!;
    if (link.reach === 'public' && triedPrivate && !options.allowPublic) {
      heldBack.push(link.provider.id);
      options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'skipped', reason: 'public: not sent after a private provider (--fallback public allows it)', tries: 0 });
      continue;
    }
    const passedOver = hostsPassedOver.get(hostOf(link.baseURL));
    if (passedOver) {
      options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'skipped', reason: passedOver, tries: 0, passedOverHost: hostOf(link.baseURL) });
      continue;
    }
    if (chainDeadline !== undefined && failures.length > 0 && Date.now() >= chainDeadline) {
      for (const rest of links.slice(index)) {
        options.attempts.push({ provider: rest.provider.id, model: rest.model, outcome: 'skipped', reason: `not tried: the chain's ${seconds(options.chainTimeoutMs!)}s deadline had passed`, tries: 0 });
      }
      break;
    }
    triedPrivate ||= isPrivateReach(link.reach);
    const linkStarted = Date.now();
    let healed = false;
    for (let tryNumber = 1; ; tryNumber++) {
      let shown = false;
      const attempt = attemptSignal(options.signal, options.maxTimeMs, chainDeadline);
      // The first-byte limit is for streamed answers (a whole answer comes only at the end),
      // and not for a local model server, which may first load the model into memory.
      const firstByteMs = request.stream && link.provider.kind !== 'local' ? options.firstByteMs : undefined;
      const ctx: CallContext = { baseURL: link.baseURL, apiKey: link.apiKey, signal: attempt.signal, timeoutMs: options.timeoutMs, firstByteMs, proxy: options.proxy };
      options.onAsking?.(link.provider.id, link.model);
      try {
        for await (const part of joinSurrogates(separateThinkBlock(link.provider.stream({ ...request, model: link.model }, ctx)))) {
          if (part.type === 'start') attempt.started();
          const visible = part.type === 'text' || part.type === 'reasoning' || part.type === 'refusal' || part.type === 'tool-call';
          if (!shown && visible && failures.length > 0) options.onFallback?.(fallbackMessage(failures, link), `answered by ${link.provider.id} · ${link.model}`);
          if (visible) shown = true;
          yield part;
        }
        options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'ok', tries: tryNumber });
        return;
      } catch (caught) {
        if (options.signal.aborted) throw new AbortedError();
        const error = attempt.expired() ? attempt.timeoutError(link.provider.id) : toG4fError(caught);
        if (!shown && !healed && link.modelIsDefault && isUnknownModelError(error)) {
          const replacement = await findReplacement(link, { ...ctx, signal: options.signal });
          attempt.dispose();
          if (replacement) {
            const retired = link.model;
            link = { ...link, model: replacement };
            healed = true;
            options.onHealed?.(link, retired, shortReason(error));
            tryNumber--;
            continue;
          }
        }
        addHint(error, link);
        if (shown) {
          options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'cut short', reason: error.message, tries: tryNumber, failure: failureClass(error) });
          throw new CutShortError(link.provider.id, error);
        }
        const silent = error instanceof TimeoutError && (error.firstByte === true || attempt.expired());
        if (silent) hostsPassedOver.set(hostOf(link.baseURL), `${hostOf(link.baseURL)} did not answer earlier in this run`);
        if (error instanceof NetworkError && error.unreachable) hostsPassedOver.set(hostOf(link.baseURL), `${error.unreachable.host}: ${error.unreachable.reason}`);
        // A host that timed out is not asked again: its silence would only be waited out once more.
        const wait = attempt.expired() || silent || error instanceof TimeoutError ? undefined : retryWait(error, tryNumber, options.retries);
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
        const moving = movingOnMessage(link, links.slice(index + 1), error, Date.now() - linkStarted, (l) => !hostsPassedOver.has(hostOf(l.baseURL)) && !(l.reach === 'public' && triedPrivate && !options.allowPublic));
        if (moving) options.onMovingOn?.(moving);
        break;
      } finally {
        attempt.dispose();
      }
    }
  }
  const offline = offlineError(failures, options.attempts);
  if (offline) throw offline;
  if (failures.length === 1 && heldBack.length === 0) throw failures[0]!.error;
  throw new AllFailedError(failures, heldBack);
}

/**
 * `openai failed after 6s (timed out…); trying groq`, the time left out under a second; a host
 * that could not be reached is named once with every provider on it:
 * `g4f.space: host not found — g4f-groq, g4f-gemini skipped; trying horde`.
 * Only a provider that will be asked is named as the next one.
 */
function movingOnMessage(link: ChainLink, rest: readonly ChainLink[], error: G4fError, elapsedMs: number, willAsk: (link: ChainLink) => boolean): string | undefined {
  const next = rest.find(willAsk);
  const unreachable = error instanceof NetworkError ? error.unreachable : undefined;
  const sameHost = unreachable ? rest.filter((l) => hostOf(l.baseURL) === hostOf(link.baseURL)).map((l) => l.provider.id) : [];
  if (!next && sameHost.length === 0) return undefined;
  const took = elapsedMs >= 1000 ? ` after ${Math.round(elapsedMs / 1000)}s` : '';
  const failed = unreachable && sameHost.length > 0 ? `${unreachable.host}: ${unreachable.reason} — ${[link.provider.id, ...sameHost].join(', ')} skipped` : `${link.provider.id} failed${took} (${shortReason(error)})`;
  return next ? `${failed}; trying ${next.provider.id}` : failed;
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

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

/** With tools offered, only providers that take them are asked; none is a usage error before any request. */
function withToolSupport(links: readonly ChainLink[], request: ChatRequest, attempts: Attempt[]): readonly ChainLink[] {
  if (!request.tools?.length) return links;
  const usable = links.filter((link) => link.provider.supportsTools);
  for (const link of links) {
    if (!usable.includes(link)) attempts.push({ provider: link.provider.id, model: link.model, outcome: 'skipped', reason: 'takes no tools', tries: 0 });
  }
  if (usable.length === 0) {
    throw new UsageError(`${links.map((l) => l.provider.id).join(', ') || 'the chosen provider'} take${links.length === 1 ? 's' : ''} no tools`, 'choose a provider that does: openai, anthropic, gemini, ollama, groq, openrouter…');
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

/** The hint stream/http-errors.ts gives every 404. */
const GENERIC_404_HINT = 'check the model name and the base URL';

function addHint(error: G4fError, link: ChainLink): void {
  if (error instanceof AuthError) {
    error.hint = keyHint(link);
    return;
  }
  // A model named by the user is never replaced: the error says so and where to look.
  // A provider's own hint (the models a route takes) is kept; the generic one is replaced.
  if (isUnknownModelError(error) && !link.modelIsDefault && (!error.hint || error.hint === GENERIC_404_HINT)) {
    error.hint = `${link.provider.id} does not serve the model "${link.model}" you named: g4f-chat models ${link.provider.id} lists what it has`;
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

/** Milliseconds to wait before trying the same provider again, or undefined to move on. */
function retryWait(error: G4fError, tryNumber: number, retries: number): number | undefined {
  if (!error.retryable || tryNumber > retries) return undefined;
  if (error instanceof HttpStatusError && error.retryAfterSeconds !== undefined) {
    if (error.retryAfterSeconds > MAX_RETRY_AFTER_SECONDS) return undefined;
    return error.retryAfterSeconds * 1000;
  }
  return backoffDelay(tryNumber);
}
