import { toG4fError, UsageError } from '../../ground/errors.js';
import { linkFor } from '../../core/routing/plan-chain.js';
import { redact } from '../../ground/redact.js';
import type { Provider } from '../../ground/types.js';
import { sanitizeLabel } from '../../ground/terminal-safe-text.js';
import { colorsFor } from '../colors.js';
import { EXIT } from '../exit-codes.js';
import { printWarning } from '../messages.js';
import { planFromSettings } from '../plan-from-settings.js';
import { loadAppContext, resolveSettings, type ProviderFlags } from '../settings.js';
import { writeJson } from '../write-json.js';

interface ModelsFlags extends ProviderFlags {
  json?: boolean;
}

/** `g4f-chat models [provider]`: live from the provider's API where it has one, else its table. */
export async function runModels(id: string | undefined, flags: ModelsFlags): Promise<number> {
  const app = await loadAppContext();
  const settings = resolveSettings(flags, app);
  let provider: Provider | undefined;
  const named = id ?? (settings.provider !== 'auto' && !settings.provider.includes(',') ? settings.provider : undefined);
  if (named) {
    provider = app.catalog.require(named);
  } else {
    const plan = await planFromSettings({ ...settings, model: undefined }, app, { onWarning: printWarning });
    provider = plan.links[0]?.provider;
    if (!provider) throw new UsageError('no provider is usable; name one: g4f-chat models <provider>');
  }
  const link = linkFor(provider, { catalog: app.catalog, env: app.env, storedKeys: app.storedKeys, apiKey: flags.apiKey }, flags.baseUrl);
  let models = [...provider.models];
  let source: 'live' | 'built-in' = 'built-in';
  if (provider.listModels && (provider.kind !== 'keyed' || link.apiKey || link.reach === 'local')) {
    try {
      models = await provider.listModels({
        baseURL: link.baseURL,
        apiKey: link.apiKey,
        // The whole listing is bounded, not only each silence: a trickling body ends too.
        signal: AbortSignal.timeout(Math.min(settings.maxTimeMs ?? Number.POSITIVE_INFINITY, settings.timeoutMs * 2)),
        timeoutMs: settings.timeoutMs,
        proxy: settings.proxy,
      });
      source = 'live';
    } catch (error) {
      printWarning(`could not fetch ${provider.id}'s models (${toG4fError(error).message}); showing the built-in list`);
    }
  }
  const aliases = Object.entries(provider.modelAliases);
  if (flags.json) {
    const out = { provider: provider.id, source, defaultModel: provider.defaultModel, models, modelAliases: provider.modelAliases };
    writeJson(out, 2);
    return EXIT.ok;
  }
  const c = colorsFor(process.stdout);
  // Names come from a server: on a terminal they go through the sanitiser.
  const safe = (name: string) => (process.stdout.isTTY ? sanitizeLabel(name) : name);
  const lines = models.map((m) => (m === provider.defaultModel ? `${safe(m)}${c.dim(' (default)')}` : safe(m)));
  for (const [alias, target] of aliases) lines.push(`${alias} ${c.dim(`→ ${target} (alias)`)}`);
  process.stdout.write(`${redact(lines.join('\n'))}\n`);
  return EXIT.ok;
}
