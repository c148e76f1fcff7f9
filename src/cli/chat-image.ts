import type { Attempt } from '../core/chain/chain.js';
import { drawThroughChain } from '../core/images/image-chain.js';
import { imageChainLinks } from '../core/images/image-plan.js';
import type { SessionHooks } from '../repl/session-types.js';
import { whoAnswered } from './commands/image.js';
import { printWarning } from './messages.js';
import { planFromSettings } from './plan-from-settings.js';
import type { AppContext, Settings } from './settings.js';
import { warnInsecureKeyTransport } from './transport-warnings.js';

/** A picture's wait is mostly before its first byte: at least five minutes, as `g4f-chat image` allows. */
const DRAWING_TIMEOUT_MS = 300_000;

/**
 * /image in chat: one picture through the chat's provider chain as `g4f-chat image` draws it
 * (the providers with an image API, auto's image-only members added; each provider's own image
 * model, since the chat's model is a text model), with the chain's reach rules and fallback.
 */
export function chatDrawing(app: AppContext, settings: Settings): NonNullable<SessionHooks['draw']> {
  return async (prompt, current, watch) => {
    const plan = await planFromSettings({ ...settings, provider: current.provider, model: undefined }, app, { onWarning: printWarning });
    warnInsecureKeyTransport(plan.links, printWarning);
    const links = imageChainLinks(plan, { catalog: app.catalog, env: app.env, storedKeys: app.storedKeys });
    const attempts: Attempt[] = [];
    const answer = await drawThroughChain(links, { prompt, n: 1 }, {
      signal: watch.signal,
      timeoutMs: Math.max(current.timeoutMs, DRAWING_TIMEOUT_MS),
      maxTimeMs: current.maxTimeMs,
      retries: current.retries,
      proxy: current.proxy,
      allowPublic: current.allowPublic,
      attempts,
      onEvent: watch.onEvent,
      onStatus: watch.onStatus,
    });
    return { ...answer, who: whoAnswered(links, answer, attempts), attempts };
  };
}
