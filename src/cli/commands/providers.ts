import type { ChainLink } from '../../core/chain.js';
import { checkProvider, type CheckResult } from '../../core/check-provider.js';
import { UsageError } from '../../core/errors.js';
import { resolveApiKey, resolveBaseURL } from '../../core/provider-settings.js';
import { providerInfo, type ProviderInfo } from '../../core/provider-info.js';
import { redact } from '../../core/redact.js';
import type { Provider } from '../../core/types.js';
import { providers, requireProvider } from '../../providers/registry.js';
import { colorsFor } from '../colors.js';
import { EXIT } from '../exit-codes.js';
import { startSpinner } from '../spinner.js';
import { formatTable } from '../table.js';
import { loadAppContext, type AppContext, type ProviderFlags } from '../settings.js';

const CHECK_TIMEOUT_SECONDS = 8;

interface ProvidersFlags extends ProviderFlags {
  check?: boolean;
  json?: boolean;
}

/** `g4f-chat providers [id]`: the table of providers, one in full, or `--check` live status. */
export async function runProviders(id: string | undefined, flags: ProvidersFlags): Promise<number> {
  const app = await loadAppContext();
  if (id) {
    const info = providerInfo(requireProvider(id), app.env, app.storedKeys);
    process.stdout.write(flags.json ? `${JSON.stringify(info, null, 2)}\n` : describeProvider(info));
    return EXIT.ok;
  }
  const infos = providers.map((p) => providerInfo(p, app.env, app.storedKeys));
  const checks = flags.check ? await checkAll(flags, app) : undefined;
  if (flags.json) {
    const out = infos.map((info) => (checks ? { ...info, check: checks.get(info.id) } : info));
    process.stdout.write(`${redact(JSON.stringify(out, null, 2))}\n`);
    return EXIT.ok;
  }
  process.stdout.write(`${redact(providersTable(infos, checks))}\n`);
  return EXIT.ok;
}

function providersTable(infos: readonly ProviderInfo[], checks?: Map<string, CheckResult>): string {
  const c = colorsFor(process.stdout);
  const header = ['id', 'label', 'working', 'stream', 'auth', 'default model', 'models', checks ? 'status' : 'url'];
  const rows = infos.map((info) => [
    info.id,
    info.label,
    info.working ? 'yes' : 'no',
    info.supportsStream ? 'yes' : 'no',
    info.needsAuth ? (info.keyPresent ? 'key set' : 'key needed') : 'none',
    info.defaultModel,
    String(info.models.length),
    checks ? describeCheck(checks.get(info.id)) : info.url,
  ]);
  return formatTable([header, ...rows], (cell, column, row) => {
    if (row === 0) return c.bold(cell);
    const info = infos[row - 1];
    if (column === 0) return info.working ? c.cyan(cell) : c.dim(cell);
    if (column === 2 && !info.working) return c.yellow(cell);
    if (column === 4 && info.needsAuth && !info.keyPresent) return c.dim(cell);
    if (column === 7 && checks) {
      const status = checks.get(info.id)?.status;
      return status === 'ok' ? c.green(cell) : status === 'failing' ? c.red(cell) : c.dim(cell);
    }
    return cell;
  });
}

function describeCheck(check: CheckResult | undefined): string {
  if (!check) return '';
  if (check.status === 'ok') return `ok (${check.latencyMs} ms)`;
  if (check.status === 'skipped') return `skipped: ${check.reason}`;
  return `failing: ${check.reason}`;
}

function describeProvider(info: ProviderInfo): string {
  const c = colorsFor(process.stdout);
  const aliases = Object.entries(info.modelAliases);
  const lines = [
    `${c.bold(info.label)} (${info.id})`,
    `  url:            ${info.url}`,
    `  base URL:       ${info.baseURL}`,
    `  working:        ${info.working ? 'yes' : 'no (the service is gone; works against any server speaking its protocol via --base-url)'}`,
    `  stream:         ${info.supportsStream ? 'yes' : 'no'}`,
    `  auth:           ${info.needsAuth ? (info.keyPresent ? 'key needed (set)' : 'key needed (not set)') : 'none'}`,
  ];
  if (info.supportsGpt35Turbo !== undefined) lines.push(`  gpt-3.5-turbo:  ${info.supportsGpt35Turbo ? 'yes' : 'no'}`);
  if (info.supportsGpt4 !== undefined) lines.push(`  gpt-4:          ${info.supportsGpt4 ? 'yes' : 'no'}`);
  lines.push(`  default model:  ${info.defaultModel}`, '  models:');
  for (const model of info.models) lines.push(`    ${model}${model === info.defaultModel ? c.dim(' (default)') : ''}`);
  if (aliases.length > 0) {
    lines.push('  aliases:');
    for (const [alias, target] of aliases) lines.push(`    ${alias} → ${target}`);
  }
  lines.push(`  params:         ${info.paramsText}`, `  env:            ${info.env.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

async function checkAll(flags: ProvidersFlags, app: AppContext): Promise<Map<string, CheckResult>> {
  const explicit = flags.provider && flags.provider !== 'auto' ? flags.provider.split(',').map((id) => id.trim()) : undefined;
  const targets: Provider[] = explicit
    ? explicit.map((id) => requireProvider(id))
    : providers.filter((p) => p.working);
  if (flags.baseUrl && targets.length !== 1) throw new UsageError('--base-url applies to one provider; choose it with -p');
  const timeoutSeconds = flags.timeout ?? CHECK_TIMEOUT_SECONDS;
  const spinner = await startSpinner(`checking ${targets.length} providers…`, !flags.json);
  const results = new Map<string, CheckResult>();
  for (const provider of providers) {
    if (!targets.includes(provider)) results.set(provider.id, { status: 'skipped', reason: 'not working upstream' });
  }
  await Promise.all(
    targets.map(async (provider) => {
      const key = resolveApiKey(provider, app.env, targets.length === 1 ? flags.apiKey : undefined, app.storedKeys[provider.id]);
      if (provider.needsAuth && !key) {
        results.set(provider.id, { status: 'skipped', reason: `no key (${(provider.apiKeyEnv ?? []).join(' or ')})` });
        return;
      }
      const link: ChainLink = {
        provider,
        model: provider.modelAliases[provider.defaultModel] ?? provider.defaultModel,
        baseURL: resolveBaseURL(provider, app.env, flags.baseUrl),
        apiKey: key?.key,
      };
      results.set(provider.id, await checkProvider(link, timeoutSeconds * 1000, flags.proxy));
    }),
  );
  spinner.stop();
  return results;
}

