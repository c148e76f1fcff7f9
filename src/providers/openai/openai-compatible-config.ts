import type { Capability } from '../../ground/capabilities.js';
import type { G4fError } from '../../ground/errors.js';
import type { CallContext, ProviderKind } from '../../ground/types.js';

/** How one OpenAI-compatible service differs from the API's defaults: data, not code. */
export interface OpenAICompatibleConfig {
  id: string;
  label: string;
  url: string;
  baseURL: string;
  defaultModel: string;
  models: readonly string[];
  modelAliases?: Record<string, string>;
  apiKeyEnv?: readonly string[];
  baseURLEnv?: string;
  /** `keyless` answers without a key (a key, when set, is still sent); `keyed` unless said. */
  kind?: Exclude<ProviderKind, 'local'>;
  working?: boolean;
  /** Path of the chat endpoint under the base URL; `/chat/completions` unless the service differs. */
  chatPath?: string;
  /** Path of the model list under the base URL; `/models` unless the service differs. */
  modelsPath?: string;
  /** Filters the live model list (e.g. free models only when no key of one's own is set). */
  modelFilter?(id: string, hasOwnKey: boolean, entry: unknown): boolean;
  /** The chat or model-list URL when it is not simply base + path (Pollinations' keyed endpoint). */
  chatURL?(ctx: CallContext): string;
  modelsURL?(ctx: CallContext): string;
  /** Turns a service's own failure into words that name the fix (a 402 "tier" answer). */
  explainError?(error: G4fError): G4fError;
  note?: string;
  /** Headers every chat request carries besides the standard ones. */
  extraHeaders?: Readonly<Record<string, string>>;
  /** Body fields every chat request carries (Pollinations' `private`). */
  extraBody?: Readonly<Record<string, unknown>>;
  /** The service's terms for keyless use, in one line (shown by `providers`). */
  terms?: string;
  /** The service's embeddings API (`POST /embeddings`) and the model used when none is named. */
  embeddingModel?: string;
  /** Kept out of `auto` unless the user names it (see Provider.notInAuto). */
  notInAuto?: boolean;
  /**
   * What the service lacks of what the protocol has: `images` where the API takes none at all
   * (by default it has them: the server says which models see), `tools` where it takes none.
   */
  lacks?: readonly Capability[];
  /** The service takes `max_tokens` for every model (it maps it itself), reasoning models included. */
  maxTokensAlways?: boolean;
  /** Assistant turns with tool calls carry their `reasoning_content` back (DeepSeek's thinking mode). */
  replaysReasoning?: boolean;
}
