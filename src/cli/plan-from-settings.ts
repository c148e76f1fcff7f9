import type { ChainLink } from '../core/chain/chain.js';
import { planChain, type Plan } from '../core/routing/plan-chain.js';
import { loadModelChoices } from '../store/model-choices.js';
import { modelChoicesFile } from '../store/paths.js';
import type { AppContext, Settings } from './settings.js';

const LOCAL_PROBE_MS = 400;

export interface PlanHooks {
  onWarning(message: string): void;
  /** Orders one `auto` group; by default the catalog's order. */
  orderGroup?(links: ChainLink[]): ChainLink[];
}

/** The provider chain for these settings; `auto` asks a local Ollama whether it runs. */
export async function planFromSettings(settings: Settings, app: AppContext, { onWarning, orderGroup }: PlanHooks): Promise<Plan> {
  // A model named for the run (-m, role, variable, config) leaves remembered replacements unused.
  const modelChoices = settings.model ? undefined : await loadModelChoices(modelChoicesFile(app.paths));
  return planChain({
    modelChoices,
    catalog: app.catalog,
    provider: settings.provider,
    model: settings.model,
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
    env: app.env,
    storedKeys: app.storedKeys,
    onWarning,
    orderGroup,
    probeLocal: (link) => probeLocal(link, settings.proxy),
    askListFirst: true,
  });
}

/** The models a local server lists, or undefined when it does not answer within 0.8 s. */
export async function probeLocal(link: ChainLink, proxy: string | undefined): Promise<string[] | undefined> {
  if (!link.provider.listModels) return undefined;
  try {
    return await link.provider.listModels({
      baseURL: link.baseURL,
      apiKey: link.apiKey,
      signal: AbortSignal.timeout(LOCAL_PROBE_MS * 2),
      timeoutMs: LOCAL_PROBE_MS,
      proxy,
    });
  } catch {
    return undefined;
  }
}
