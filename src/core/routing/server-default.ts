import type { ChainLink } from '../chain/chain.js';
import { chooseReplacement } from './heal-model.js';

/**
 * At an address the user set (--base-url, a variable, the config file) the provider's built-in
 * default is only a guess: that server may never have had it. Its model list is asked once,
 * before the first prompt, unless an earlier run already remembered the answer.
 */
export function asksServerForModel(link: ChainLink, remembered: boolean): boolean {
  return Boolean(link.modelIsDefault && link.baseURLSource && link.baseURLSource !== 'default' && !remembered && link.provider.listModels && !link.provider.pickModelLive);
}

/**
 * The model to send to a server that lists `listed`: the provider's default when the server has
 * it (Ollama lists `name:latest` for `name`), else the replacement rule of heal-model.ts (never an
 * embedding, speech or image model); undefined when nothing listed is a chat model.
 */
export function modelFromServerList(listed: readonly string[], link: ChainLink): string | undefined {
  const wanted = link.model;
  if (listed.includes(wanted) || listed.includes(`${wanted}:latest`)) return wanted;
  return chooseReplacement(listed, wanted, link.provider.models, link.baseURLSource === 'flag');
}
