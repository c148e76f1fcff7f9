import type { Catalog } from './catalog.js';
import type { Attempt, ChainLink } from '../chain/chain.js';
import { MissingKeyError, ModelNotOfferedError, UsageError } from '../../ground/errors.js';
import { resolveApiKey, resolveBaseURLWithSource, type Env } from './provider-settings.js';
import { reachOf } from './reach.js';
import { resolveModel } from './resolve-model.js';
import { asksServerForModel } from './server-default.js';
import { rememberedModel, type ModelChoices } from '../../store/model-choices.js';
import type { Provider } from '../../ground/types.js';

export interface PlanInput {
  catalog: Catalog;
  /** `auto`, one id, or a comma-separated list of ids. */
  provider: string;
  model?: string;
  baseURL?: string;
  apiKey?: string;
  env: Env;
  /** Keys stored with `g4f-chat keys set`, by provider id. */
  storedKeys?: Readonly<Record<string, string>>;
  /** The models a local server has, or undefined when it does not answer. */
  probeLocal?(link: ChainLink): Promise<string[] | undefined>;
  /** Orders the providers of one `auto` group (by recent health); the reason goes to --verbose. */
  orderGroup?(links: ChainLink[]): ChainLink[];
  onWarning?(message: string): void;
  /** Replacements of retired defaults remembered from earlier runs (model-choices.ts). */
  modelChoices?: ModelChoices;
  /**
   * At an address the user set, the chain asks the server's model list before sending the
   * provider's default (server-default.ts). For the commands a user runs; serve relays the
   * model its client named and adds no request.
   */
  askListFirst?: boolean;
}

export interface Plan {
  links: ChainLink[];
  /** Providers passed over before any request, with the reason. */
  skipped: Attempt[];
  auto: boolean;
}

/** Splits `-p a,b,c`; an empty list, `auto` inside a list or a repeated id is a usage error. */
export function parseProviderSpec(spec: string): string[] | 'auto' {
  const trimmed = spec.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'auto') return 'auto';
  const ids = trimmed.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) throw new UsageError(`"${spec}" is not a provider chain: name providers separated by commas, such as -p openai,groq`);
  if (ids.includes('auto')) throw new UsageError('"auto" stands alone: use -p auto, or list providers such as -p openai,groq');
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated) throw new UsageError(`provider "${repeated}" is named twice in "${spec}"`);
  return ids;
}

export async function planChain(input: PlanInput): Promise<Plan> {
  const spec = parseProviderSpec(input.provider);
  if (spec === 'auto') return planAuto(input);
  const chosen = spec.map((id) => input.catalog.require(id, ['auto'], { type: 'list-providers' }));
  if (input.baseURL && chosen.length > 1) {
    throw new UsageError('--base-url applies to one provider; choose a single provider with -p');
  }
  // A key given on the command line goes to the one provider it was meant for, never along a chain.
  if (input.apiKey && chosen.length > 1) throw new UsageError('--api-key applies to one provider; choose a single provider with -p');
  const links: ChainLink[] = [];
  const skipped: Attempt[] = [];
  let firstMissing: MissingKeyError | undefined;
  for (const provider of chosen) {
    if (!provider.working) input.onWarning?.(`${provider.id} is marked not working upstream; trying it anyway`);
    const link = linkFor(provider, input, input.baseURL);
    if (provider.warnUnknownModels && !provider.models.includes(link.model)) {
      input.onWarning?.(`${provider.id} does not list the model "${link.model}"; sending it anyway (known: ${provider.models.join(', ')})`);
    }
    if (needsKeyMissing(provider, link)) {
      firstMissing ??= new MissingKeyError(provider.id, provider.apiKeyEnv ?? []);
      skipped.push(noKey(provider));
      continue;
    }
    await pickLiveModel(link, input);
    links.push(link);
  }
  if (links.length === 0 && firstMissing) throw firstMissing;
  return { links, skipped, auto: false };
}

/**
 * Local servers that answer (Ollama, the user's own endpoints), then providers whose key
 * is set, then the public keyless ones; each group ordered by recent health.
 */
async function planAuto(input: PlanInput): Promise<Plan> {
  if (input.baseURL) throw new UsageError('--base-url needs a provider: add -p <id>');
  if (input.apiKey) throw new UsageError('--api-key needs a provider: add -p <id>');
  const groups: Record<'local' | 'keyed' | 'public', ChainLink[]> = { local: [], keyed: [], public: [] };
  const skipped: Attempt[] = [];
  for (const provider of input.catalog.all) {
    if (!provider.working) continue;
    if (provider.notInAuto) {
      // Terms that allow training on prompts or ads in answers: only when the user names it.
      skipped.push({ provider: provider.id, outcome: 'skipped', reason: `not in auto (its terms: ${provider.terms ?? 'see providers'}; use -p ${provider.id})`, tries: 0 });
      continue;
    }
    let link: ChainLink;
    try {
      link = linkFor(provider, input);
    } catch (error) {
      // -m names a model this provider does not have: it simply is not a candidate.
      if (error instanceof ModelNotOfferedError) continue;
      throw error;
    }
    if (needsKeyMissing(provider, link)) {
      skipped.push(noKey(provider));
      continue;
    }
    if (provider.kind === 'local') {
      // Ollama joins `auto` only when it answers: installed or not, no prompt has gone anywhere.
      const models = input.probeLocal ? await input.probeLocal(link) : undefined;
      if (!models) {
        skipped.push({ provider: provider.id, outcome: 'skipped', reason: 'not running', tries: 0 });
        continue;
      }
      // Without -m, a local server's default is only useful if it is installed there.
      if (!input.model && models.length > 0 && !models.includes(link.model) && !models.includes(`${link.model}:latest`)) link.model = models[0];
      link.askListFirst = false; // the probe was its list
    } else {
      // Any other address the user set stays in the chain: its failure must not send the prompt elsewhere.
      await pickLiveModel(link, input);
    }
    groups[link.reach].push(link);
  }
  const order = input.orderGroup ?? ((links: ChainLink[]) => links);
  return { links: [...order(groups.local), ...order(groups.keyed), ...order(groups.public)], skipped, auto: true };
}

/** A provider that needs a key needs none when the user pointed it at a server of their own. */
function needsKeyMissing(provider: Provider, link: ChainLink): boolean {
  return provider.kind === 'keyed' && !link.apiKey && link.reach !== 'local';
}

function noKey(provider: Provider): Attempt {
  return { provider: provider.id, outcome: 'skipped', reason: `no key (set ${(provider.apiKeyEnv ?? []).join(' or ')})`, tries: 0 };
}

/** A provider of the user's own with no model configured uses the first one its server lists. */
async function pickLiveModel(link: ChainLink, input: PlanInput): Promise<void> {
  if (input.model || !link.provider.pickModelLive || !input.probeLocal) return;
  const models = await input.probeLocal(link);
  if (models && models.length > 0) link.model = models[0];
}

/** One provider's link: its model, base URL (and where that came from), key and reach. */
export function linkFor(provider: Provider, input: Pick<PlanInput, 'catalog' | 'env' | 'apiKey' | 'storedKeys' | 'model' | 'modelChoices' | 'askListFirst'>, baseURL?: string): ChainLink {
  const key = resolveApiKey(provider, input.env, input.apiKey, input.storedKeys?.[provider.id]);
  const base = resolveBaseURLWithSource(provider, input.env, baseURL, input.catalog.configuredBaseURL(provider.id));
  // Only a default nobody chose may be replaced when the provider has retired it.
  const modelIsDefault = !input.model?.trim() && !provider.defaultModelConfigured && !provider.userDefined;
  const remembered = modelIsDefault && input.modelChoices ? rememberedModel(input.modelChoices, provider.id, provider.defaultModel, base.url) : undefined;
  return {
    provider,
    model: remembered ?? resolveModel(provider, input.model),
    modelIsDefault,
    askListFirst: Boolean(input.askListFirst) && asksServerForModel(provider, modelIsDefault, base.source, remembered !== undefined),
    baseURLSource: base.source,
    baseURL: base.url,
    apiKey: key?.key,
    keyFrom: key?.from,
    reach: reachOf(provider, base.url, base.source, Boolean(key)),
    baseURLOrigin: base.source === 'default' ? undefined : base.origin,
  };
}
