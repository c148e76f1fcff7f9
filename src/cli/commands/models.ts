import { toG4fError, UsageError } from '../../core/errors.js';
import { resolveApiKey, resolveBaseURL } from '../../core/provider-settings.js';
import { redact } from '../../core/redact.js';
import type { Provider } from '../../core/types.js';
import { requireProvider } from '../../providers/registry.js';
import { colorsFor } from '../colors.js';
import { EXIT } from '../exit-codes.js';
import { printWarning } from '../messages.js';
import { planFromSettings } from '../plan-from-settings.js';
import { loadAppContext, resolveSettings, type ProviderFlags } from '../settings.js';

interface ModelsFlags extends ProviderFlags {
  json?: boolean;
}

/** `g4f-chat models [provider]`: live from the provider's API where it has one, else its table. */
export async function runModels(id: string | undefined, flags: ModelsFlags): Promise<number> {
  const app = await loadAppContext();
  const settings = resolveSettings(flags, app);
  let provider: Provider | undefined;
  if (id ?? (settings.provider !== 'auto' && !settings.provider.includes(',') ? settings.provider : undefined)) {
    const wanted = id ?? settings.provider;
    provider = requireProvider(wanted);
  } else {
    const plan = await planFromSettings({ ...settings, model: undefined }, app, printWarning);
    provider = plan.links[0]?.provider;
    if (!provider) throw new UsageError('no provider is usable; name one: g4f-chat models <provider>');
  }
  const key = resolveApiKey(provider, app.env, flags.apiKey, app.storedKeys[provider.id]);
  let models = [...provider.models];
  let source: 'live' | 'built-in' = 'built-in';
  if (provider.listModels && (!provider.needsAuth || key)) {
    try {
      models = await provider.listModels({
        baseURL: resolveBaseURL(provider, app.env, flags.baseUrl),
        apiKey: key?.key,
        signal: new AbortController().signal,
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
    process.stdout.write(`${redact(JSON.stringify(out, null, 2))}\n`);
    return EXIT.ok;
  }
  const c = colorsFor(process.stdout);
  const lines = models.map((m) => (m === provider.defaultModel ? `${m}${c.dim(' (default)')}` : m));
  for (const [alias, target] of aliases) lines.push(`${alias} ${c.dim(`→ ${target} (alias)`)}`);
  process.stdout.write(`${redact(lines.join('\n'))}\n`);
  return EXIT.ok;
}
