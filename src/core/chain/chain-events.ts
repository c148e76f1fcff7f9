import type { ChainLink } from './chain.js';

/** A retired default was replaced by a model from the provider's own list. */
export type HealedHandler = (link: ChainLink, retired: string, reason: string, how?: ModelFromList) => void;

/**
 * How a default's model came from the server's list: `refused` (the server refused the default:
 * a retirement), `unlisted` (the list, asked first, lacks the default: replaced before any
 * request), `listed` (the list has the default: nothing to say, only to remember).
 */
export type ModelFromList = 'refused' | 'unlisted' | 'listed';

/** What a chain says while it runs; one handler takes them all (`ChainOptions.onEvent`). */
export type ChainEvent =
  /** Progress for --verbose: failures, skips, retries. */
  | { type: 'notice'; message: string }
  /** A provider is being asked (the spinner names it and counts the seconds). */
  | { type: 'asking'; provider: string; model: string }
  /** A wait before trying the same provider again: `openai: HTTP 429, retrying in 20s`. */
  | { type: 'retry'; provider: string; reason: string; seconds: number }
  /** A provider failed and the next is tried: said as it happens, or the wait looks like a hang. */
  | { type: 'moving-on'; message: string }
  /** The answer comes from another provider than the first one tried: who failed, who answers. */
  | { type: 'fallback'; message: string; answeredBy: string }
  /** A default's model decided from the provider's own list (see ModelFromList); `retired` the default it had. */
  | { type: 'healed'; link: ChainLink; retired: string; reason: string; how?: ModelFromList };
