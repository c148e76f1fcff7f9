import type { ChainLink } from '../chain/chain.js';
import type { Provider } from '../../ground/types.js';
import type { BaseURLSource } from './reach.js';
import { chooseReplacement } from './heal-model.js';

/**
 * At an address the user set (--base-url, a variable, the config file) the provider's built-in
 * default is only a guess: that server may never have had it. Its model list is asked before
 * the first request there (chain/list-first.ts), unless an earlier run remembered the pick.
 */
export function asksServerForModel(provider: Provider, modelIsDefault: boolean, source: BaseURLSource, remembered: boolean): boolean {
  return modelIsDefault && source !== 'default' && !remembered && Boolean(provider.listModels) && !provider.pickModelLive && !provider.defaultResolvedByServer;
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
