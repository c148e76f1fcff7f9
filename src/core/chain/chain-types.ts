import type { CpuAllowance } from '../../ground/cpu-allowance.js';
import type { Provider } from '../../ground/types.js';
import type { BaseURLSource, Reach } from '../routing/reach.js';
import type { ChainEvent } from './chain-events.js';

// What a chain is made of (its links), what it reports (its attempts) and what it is run with.

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
  /** At an address the user set, the default is sent only if the server lists it: ask its list first (list-first.ts). */
  askListFirst?: boolean;
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
  /** What the chain says while it runs: notices, retries, moves, who answered, healed models. */
  onEvent?(event: ChainEvent): void;
  /** Longest wait for the first byte of a streamed request that has received nothing. */
  firstByteMs?: number;
  /** One deadline for the whole chain: no provider is tried, and none waits for its answer to begin, after it. */
  chainTimeoutMs?: number;
  /** CPU for proofs of work this run may spend, shared by every provider and retry; one per chain when not given. */
  proofOfWork?: CpuAllowance;
}
