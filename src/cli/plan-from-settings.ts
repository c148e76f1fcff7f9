import type { ChainLink } from '../core/chain.js';
import { planChain, type Plan } from '../core/plan-chain.js';
import type { AppContext, Settings } from './settings.js';

const LOCAL_PROBE_MS = 400;

/** The provider chain for these settings; `auto` asks a local Ollama whether it runs. */
export function planFromSettings(settings: Settings, app: AppContext, onWarning: (message: string) => void): Promise<Plan> {
  return planChain({
    provider: settings.provider,
    model: settings.model,
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
    env: app.env,
    storedKeys: app.storedKeys,
    onWarning,
    probeLocal: (link) => probeLocal(link, settings.proxy),
  });
}

async function probeLocal(link: ChainLink, proxy: string | undefined): Promise<string[] | undefined> {
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
