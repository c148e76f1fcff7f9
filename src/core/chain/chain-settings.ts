import type { ChainOptions } from './chain.js';

/** The user's settings a chain runs under: its deadlines, retries, proxy and consent to public providers. */
export type ChainSettings = Pick<ChainOptions, 'timeoutMs' | 'firstByteMs' | 'chainTimeoutMs' | 'maxTimeMs' | 'retries' | 'proxy' | 'allowPublic'>;

/** Exactly the chain's settings out of a larger settings object (ask's, chat's). */
export function chainSettings(settings: ChainSettings): ChainSettings {
  return {
    timeoutMs: settings.timeoutMs,
    firstByteMs: settings.firstByteMs,
    chainTimeoutMs: settings.chainTimeoutMs,
    maxTimeMs: settings.maxTimeMs,
    retries: settings.retries,
    proxy: settings.proxy,
    allowPublic: settings.allowPublic,
  };
}
