import { providers, requireProvider } from '../providers/registry.js';
import type { Attempt, ChainLink } from './chain.js';
import { G4fError, MissingKeyError, UsageError } from './errors.js';
import { resolveApiKey, resolveBaseURL, type Env } from './provider-settings.js';
import { resolveModel } from './resolve-model.js';
import type { Provider } from './types.js';

export interface PlanInput {
  /** `auto`, one id, or a comma-separated list of ids. */
  provider: string;
  model?: string;
  baseURL?: string;
  apiKey?: string;
  env: Env;
  /** Keys stored with `g4f-chat keys set`, by provider id. */
  storedKeys?: Readonly<Record<string, string>>;
  /** Whether a local server answers; `auto` asks it for the local providers. */
  probeLocal?(link: ChainLink): Promise<string[] | undefined>;
  onWarning?(message: string): void;
}

export interface Plan {
  links: ChainLink[];
  /** Providers passed over before any request, with the reason. */
  skipped: Attempt[];
  auto: boolean;
}

export async function planChain(input: PlanInput): Promise<Plan> {
  const spec = input.provider.trim().toLowerCase() || 'auto';
  if (spec === 'auto') return planAuto(input);
  const ids = spec.split(',').map((id) => id.trim()).filter(Boolean);
  const chosen = ids.map((id) => requireProvider(id, ['auto'], 'g4f-chat providers'));
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
    const link = makeLink(provider, input, input.baseURL);
    if (provider.needsAuth && !link.apiKey) {
      firstMissing ??= new MissingKeyError(provider.id, provider.apiKeyEnv ?? []);
      skipped.push(noKey(provider));
      continue;
    }
    links.push(link);
  }
  if (links.length === 0 && firstMissing) throw firstMissing;
  return { links, skipped, auto: false };
}

/** A local server if it answers, then providers whose key is set, then the keyless ones. */
async function planAuto(input: PlanInput): Promise<Plan> {
  if (input.baseURL) throw new UsageError('--base-url needs a provider: add -p <id>');
  if (input.apiKey) throw new UsageError('--api-key needs a provider: add -p <id>');
  const local: ChainLink[] = [];
  const keyed: ChainLink[] = [];
  const keyless: ChainLink[] = [];
  const skipped: Attempt[] = [];
  for (const provider of providers) {
    if (!provider.working) continue;
    let link: ChainLink;
    try {
      link = makeLink(provider, input);
    } catch (error) {
      if (error instanceof G4fError) continue;
      throw error;
    }
    if (provider.local) {
      const models = input.probeLocal ? await input.probeLocal(link) : undefined;
      if (!models) {
        skipped.push({ provider: provider.id, outcome: 'skipped', reason: 'not running', tries: 0 });
        continue;
      }
      // Without -m, a local server's default is only useful if it is installed there.
      if (!input.model && models.length > 0 && !models.includes(link.model) && !models.includes(`${link.model}:latest`)) link.model = models[0];
      local.push(link);
    } else if (provider.needsAuth) {
      if (link.apiKey) keyed.push(link);
      else skipped.push(noKey(provider));
    } else {
      keyless.push(link);
    }
  }
  return { links: [...local, ...keyed, ...keyless], skipped, auto: true };
}

function noKey(provider: Provider): Attempt {
  return { provider: provider.id, outcome: 'skipped', reason: `no key (set ${(provider.apiKeyEnv ?? []).join(' or ')})`, tries: 0 };
}

function makeLink(provider: Provider, input: PlanInput, baseURL?: string): ChainLink {
  const key = resolveApiKey(provider, input.env, input.apiKey, input.storedKeys?.[provider.id]);
  return {
    provider,
    model: resolveModel(provider, input.model),
    baseURL: resolveBaseURL(provider, input.env, baseURL),
    apiKey: key?.key,
  };
}
