import type { Provider } from '../ground/types.js';
import { openAICompatible } from './openai-compatible.js';

/** gpt4free's public gateways; one host for every route, overridable like every base URL. */
export const G4F_GATEWAY_HOST = 'https://g4f.space';

/**
 * One route of gpt4free's public gateways: OpenAI-compatible, no key ("none required" in
 * their docs). Answers name who really answered in `x-provider` / `x-model`.
 */
export function g4fGateway(route: string, label: string, defaultModel: string, models: readonly string[]): Provider {
  return openAICompatible({
    id: `g4f-${route.replace(/\..*$/, '')}`,
    label: `gpt4free ${label}`,
    url: 'https://g4f.dev',
    baseURL: `${G4F_GATEWAY_HOST}/api/${route}`,
    keyless: true,
    defaultModel,
    models,
    note: `gpt4free's public gateway for ${label}, run by the gpt4free maintainers; no key`,
  });
}
