import type { ChainLink } from '../core/chain/chain.js';
import type { Catalog } from '../core/routing/catalog.js';
import type { Env } from '../core/routing/provider-settings.js';
import type { ModelCache } from './list-models.js';
import type { RecentReasoning } from './recent-reasoning.js';
import type { ServeStorage } from './stored-records.js';

/** What every request of one server shares: providers, keys, limits, the default chain. */
export interface ServeContext {
  catalog: Catalog;
  env: Env;
  storedKeys: Readonly<Record<string, string>>;
  chain: string;
  timeoutMs: number;
  maxTimeMs?: number;
  retries: number;
  proxy?: string;
  allowPublic: boolean;
  probeLocal(link: ChainLink): Promise<string[] | undefined>;
  /** Live model lists of local servers, shared by /v1/models and routing. */
  modelCache: ModelCache;
  /** Model names a client sends mapped to `provider/model` (`serve --map NAME=PROVIDER/MODEL`). */
  modelMap?: Readonly<Record<string, string>>;
  /** Reasoning items of the Responses API answered lately, for clients that refer back to them. */
  recentReasoning: RecentReasoning;
  /** Where stored responses and conversations are kept, and whose they are; none: nothing is kept. */
  storage?: ServeStorage;
}

/** What the request log line says. */
export interface RequestOutcome {
  model?: string;
  provider?: string;
}
