import { AbortedError, AllFailedError, CutShortError, HttpStatusError, NetworkError, TimeoutError, toG4fError, type G4fError } from '../../ground/errors.js';
import { isPrivateReach } from '../routing/reach.js';
import { attemptSignal } from './attempt-signal.js';
import { findReplacement, isUnknownModelError } from '../routing/heal-model.js';
import { offlineError } from './offline.js';
import { modelListedFirst, type ListFirstOutcome } from './list-first.js';
import { PartSteps } from '../parts/part-steps.js';
import { driveTries, type TryParts } from './attempt-driver.js';
import { retryWait, sleep } from './retry-delay.js';
import { linksThatCanTake } from './capability-filter.js';
import { addHint } from './link-hints.js';
import { fallbackMessage, hostOf, movingOnMessage, shortReason } from './chain-messages.js';
import type { Attempt, ChainLink, ChainOptions } from './chain-types.js';
import { CpuAllowance, PROOF_OF_WORK_CPU_MS } from '../../ground/cpu-allowance.js';
import type { CallContext, ChatRequest, StreamPart } from '../../ground/types.js';

export type { ChainEvent, HealedHandler } from './chain-events.js';
export { retryMessage, shortReason } from './chain-messages.js';

export type { Attempt, ChainLink, ChainOptions } from './chain-types.js';

/** What one run of a chain has learnt so far. */
interface ChainRun {
  failures: Array<{ provider: string; error: G4fError }>;
  /** Public providers not asked because the prompt had gone to a private one. */
  heldBack: string[];
  /**
   * A host that took the connection and said nothing, or could not be reached at all, is not
   * asked again in this run: the reason it is skipped, by host.
   */
  hostsPassedOver: Map<string, string>;
  deadline?: number;
  triedPrivate: boolean;
}

/**
 * Streams the answer from the first provider of the chain that gives one.
 * Before a provider's first visible part, failures are retried (when retryable) and
 * then the next provider is tried. After it, a failure is final: text the user has
 * already seen is never replayed by another provider.
 * A prompt that went to a local or keyed provider never moves on to a public one
 * unless `allowPublic` says the user agreed.
 */
export function streamChain(chain: readonly ChainLink[], request: ChatRequest, options: ChainOptions): AsyncIterableIterator<StreamPart> {
  return driveTries(runChain(chain, request, options));
}

/** The chain's logic: each try it yields is read by driveTries (attempt-driver.ts), which sends back how it ended. */
async function* runChain(chain: readonly ChainLink[], request: ChatRequest, options: ChainOptions): AsyncGenerator<TryParts<TryResult>, void, TryResult> {
  const { usable: links, skipped } = linksThatCanTake(chain, request, options.attempts);
  for (const { link, reason } of skipped) options.onEvent?.({ type: 'notice', message: `skipped ${link.provider.id}: ${reason}` });
  const run: ChainRun = { failures: [], heldBack: [], hostsPassedOver: new Map(), triedPrivate: false };
  options = { ...options, proofOfWork: options.proofOfWork ?? new CpuAllowance(PROOF_OF_WORK_CPU_MS) };
  if (options.chainTimeoutMs) run.deadline = Date.now() + options.chainTimeoutMs;
  for (let index = 0; index < links.length; index++) {
    const link = links[index]!;
    const passedOver = passOver(link, run, options);
    if (passedOver) {
      options.attempts.push(passedOver);
      continue;
    }
    if (run.deadline !== undefined && run.failures.length > 0 && Date.now() >= run.deadline) {
      for (const rest of links.slice(index)) {
        options.attempts.push({ provider: rest.provider.id, model: rest.model, outcome: 'skipped', reason: `not tried: the chain's ${seconds(options.chainTimeoutMs!)}s deadline had passed`, tries: 0 });
      }
      break;
    }
    run.triedPrivate ||= isPrivateReach(link.reach);
    const linkStarted = Date.now();
    const error = yield* askProvider(link, request, options, run);
    if (!error) return;
    run.failures.push({ provider: link.provider.id, error });
    if (links.length > 1) options.onEvent?.({ type: 'notice', message: `${link.provider.id} failed: ${error.message}` });
    const moving = movingOnMessage(link, links.slice(index + 1), error, Date.now() - linkStarted, (next) => !passOver(next, run, options, false));
    if (moving) options.onEvent?.({ type: 'moving-on', message: moving });
  }
  throw chainFailure(run, options.attempts);
}

/**
 * Why a link is not asked, as its attempt: a public provider after a private one (without
 * consent), or a host that failed earlier in this run. `record` false only asks.
 */
function passOver(link: ChainLink, run: ChainRun, options: ChainOptions, record = true): Attempt | undefined {
  if (link.reach === 'public' && run.triedPrivate && !options.allowPublic) {
    if (record) run.heldBack.push(link.provider.id);
    return { provider: link.provider.id, model: link.model, outcome: 'skipped', reason: 'public: not sent after a private provider (--fallback public allows it)', tries: 0 };
  }
  const host = hostOf(link.baseURL);
  const reason = run.hostsPassedOver.get(host);
  return reason ? { provider: link.provider.id, model: link.model, outcome: 'skipped', reason, tries: 0, passedOverHost: host } : undefined;
}

/**
 * Asks one provider until it answers (undefined) or has failed for good (the error): a
 * retired default model is replaced once from the provider's own list, a retryable failure
 * is tried again after a wait, and a failure after a visible part is final for the chain.
 */
async function* askProvider(link: ChainLink, request: ChatRequest, options: ChainOptions, run: ChainRun): AsyncGenerator<TryParts<TryResult>, G4fError | undefined, TryResult> {
  let healed = false;
  let tryNumber = 1;
  if (link.askListFirst && link.provider.listModels) {
    options.onEvent?.({ type: 'asking', provider: link.provider.id, model: link.model });
    const first = await listFirst(link, request, options, run);
    // Asked once: a server's list is not asked again to heal a refused default.
    healed = true;
    if ('error' in first) {
      addHint(first.error, link);
      rememberHost(run, link, first.error, false);
      options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'failed', reason: first.error.message, tries: 1, failure: failureClass(first.error) });
      return first.error;
    }
    if (first.model) {
      const defaultModel = link.model;
      link = { ...link, model: first.model };
      const how = first.model === defaultModel ? 'listed' : 'unlisted';
      options.onEvent?.({ type: 'healed', link, retired: defaultModel, reason: how === 'listed' ? 'in its model list' : 'not in its model list', how });
    }
  }
  for (;;) {
    options.onEvent?.({ type: 'asking', provider: link.provider.id, model: link.model });
    const result = yield tryOnce(link, request, options, run);
    if (result.answered) {
      options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'ok', tries: tryNumber });
      return undefined;
    }
    const { error, shown, expired } = result;
    // A replaced default is the same try again, with the model the provider has now.
    const replacement = !shown && !healed && link.modelIsDefault && isUnknownModelError(error) ? await findReplacement(link, callContext(link, request, options, options.signal)) : undefined;
    if (replacement) {
      const retired = link.model;
      link = { ...link, model: replacement };
      healed = true;
      options.onEvent?.({ type: 'healed', link, retired, reason: shortReason(error), how: 'refused' });
      continue;
    }
    addHint(error, link);
    if (shown) {
      options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'cut short', reason: error.message, tries: tryNumber, failure: failureClass(error) });
      throw new CutShortError(link.provider.id, error);
    }
    rememberHost(run, link, error, expired);
    // A host that timed out is not asked again: its silence would only be waited out once more.
    const wait = expired || error instanceof TimeoutError ? undefined : retryWait(error, tryNumber, options.retries);
    if (wait === undefined) {
      options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'failed', reason: error.message, tries: tryNumber, failure: failureClass(error) });
      return error;
    }
    options.onEvent?.({ type: 'retry', provider: link.provider.id, reason: shortReason(error), seconds: Math.ceil(wait / 1000) });
    options.onEvent?.({ type: 'notice', message: `${link.provider.id}: ${error.message}; retrying in ${(wait / 1000).toFixed(1)}s` });
    try {
      await sleep(wait, options.signal);
    } catch {
      throw new AbortedError();
    }
    tryNumber++;
  }
}

/** The server's list before the first request, within the attempt's deadlines (list-first.ts). */
async function listFirst(link: ChainLink, request: ChatRequest, options: ChainOptions, run: ChainRun): Promise<ListFirstOutcome> {
  const attempt = attemptSignal(options.signal, options.maxTimeMs, run.deadline);
  try {
    return await modelListedFirst(link, callContext(link, request, options, attempt.signal));
  } catch (caught) {
    if (options.signal.aborted) throw new AbortedError();
    if (attempt.expired()) return { error: Object.assign(attempt.timeoutError(link.provider.id), { firstByte: true }) };
    throw caught;
  } finally {
    attempt.dispose();
  }
}

type TryResult = { answered: true } | { answered: false; error: G4fError; shown: boolean; expired: boolean };

/**
 * One request to one provider, its parts passed on as they come; a failure is returned, not thrown.
 * The parts go through the think-block and surrogate steps here, by hand (part-steps.ts): what the
 * steps hold is handed on at the end, and before the provider's error, never after a consumer's `break`.
 */
async function* tryOnce(link: ChainLink, request: ChatRequest, options: ChainOptions, run: ChainRun): AsyncGenerator<StreamPart, TryResult> {
  const attempt = attemptSignal(options.signal, options.maxTimeMs, run.deadline);
  let shown = false;
  const see = (part: StreamPart) => {
    if (part.type === 'start') attempt.started();
    const visible = part.type === 'text' || part.type === 'reasoning' || part.type === 'refusal' || part.type === 'tool-call' || part.type === 'image';
    if (!shown && visible && run.failures.length > 0) {
      options.onEvent?.({ type: 'fallback', message: fallbackMessage(run.failures, link), answeredBy: `answered by ${link.provider.id} · ${link.model}` });
    }
    if (visible) shown = true;
  };
  try {
    const parts = link.provider.stream({ ...request, model: link.model }, callContext(link, request, options, attempt.signal));
    const steps = new PartSteps();
    // Whether an error came from the provider (its held words go first) or from passing a part on.
    let reading = true;
    try {
      for await (const part of parts) {
        reading = false;
        for (const next of steps.push(part)) {
          see(next);
          yield next;
        }
        reading = true;
      }
    } catch (error) {
      if (!reading) throw error;
      for (const next of steps.end()) {
        see(next);
        yield next;
      }
      throw error;
    }
    for (const next of steps.end()) {
      see(next);
      yield next;
    }
    return { answered: true };
  } catch (caught) {
    if (options.signal.aborted) throw new AbortedError();
    const expired = attempt.expired();
    return { answered: false, error: expired ? attempt.timeoutError(link.provider.id) : toG4fError(caught), shown, expired };
  } finally {
    attempt.dispose();
  }
}

function callContext(link: ChainLink, request: ChatRequest, options: ChainOptions, signal: AbortSignal): CallContext {
  // The first-byte limit is for streamed answers (a whole answer comes only at the end),
  // and not for a local model server, which may first load the model into memory.
  const firstByteMs = request.stream && link.provider.kind !== 'local' ? options.firstByteMs : undefined;
  return { baseURL: link.baseURL, apiKey: link.apiKey, signal, timeoutMs: options.timeoutMs, firstByteMs, proxy: options.proxy, proofOfWork: options.proofOfWork };
}

/** A host that said nothing, or could not be reached at all, is passed over for the rest of the run. */
function rememberHost(run: ChainRun, link: ChainLink, error: G4fError, expired: boolean): void {
  const host = hostOf(link.baseURL);
  if (error instanceof TimeoutError && (error.firstByte === true || expired)) run.hostsPassedOver.set(host, `${host} did not answer earlier in this run`);
  if (error instanceof NetworkError && error.unreachable) run.hostsPassedOver.set(host, `${error.unreachable.host}: ${error.unreachable.reason}`);
}

/** Offline when nothing could be reached; one provider's own error when it was the only one; else every reason. */
function chainFailure(run: ChainRun, attempts: readonly Attempt[]): G4fError {
  const offline = offlineError(run.failures, attempts);
  if (offline) return offline;
  if (run.failures.length === 1 && run.heldBack.length === 0) return run.failures[0]!.error;
  return new AllFailedError(run.failures, run.heldBack);
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function failureClass(error: G4fError): string {
  return error instanceof HttpStatusError ? `${error.code}:${error.status}` : error.code;
}
