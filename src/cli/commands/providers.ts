import type { ChainLink } from '../../core/chain/chain.js';
import { checkProvider, type CheckResult } from '../../core/routing/check-provider.js';
import { UsageError } from '../../ground/errors.js';
import { loadHealth, recordHealth, type HealthEntry } from '../../store/health.js';
import { healthChanges } from '../../core/routing/health-order.js';
import { healthFile } from '../../store/paths.js';
import { linkFor, parseProviderSpec } from '../../core/routing/plan-chain.js';
import { providerInfo, type ProviderInfo } from '../../core/routing/provider-info.js';
import { redact } from '../../ground/redact.js';
import type { Provider } from '../../ground/types.js';
import { usableColumns } from '../../repl/render/display-width.js';
import { sanitizeLabel } from '../../ground/terminal-safe-text.js';
import { wrapNotice } from '../../repl/render/wrap-notice.js';
import { loadWrapping } from '../../repl/render/wrap-prose.js';
import { colorsFor } from '../colors.js';
import { EXIT } from '../exit-codes.js';
import { startSpinner } from '../spinner.js';
import { formatTable } from '../table.js';
import { loadAppContext, type AppContext, type ProviderFlags } from '../settings.js';
import { writeJson } from '../write-json.js';
import { printError } from '../messages.js';

/** Each provider's own limit, and the whole --check run's: about ten seconds in all. */
const CHECK_TIMEOUT_SECONDS = 8;
const CHECK_TOTAL_SECONDS = 10;

interface ProvidersFlags extends ProviderFlags {
  check?: boolean;
  deep?: boolean;
  json?: boolean;
}

type Row = ProviderInfo & { lastSeen?: HealthEntry; check?: CheckResult; defaultModelSet?: boolean };

/**
 * A provider of the user's own: its server's model list, asked live, and with no model
 * configured the first of them is the one chat and ask use. Unreachable, the config stands.
 */
async function askLiveModels(row: Row, provider: Provider, app: AppContext, flags: ProvidersFlags): Promise<void> {
  row.defaultModelSet = !provider.pickModelLive;
  if (!provider.listModels) return;
  const link = linkFor(provider, { catalog: app.catalog, env: app.env, storedKeys: app.storedKeys, apiKey: flags.apiKey }, flags.baseUrl);
  const live = await provider.listModels({ baseURL: link.baseURL, apiKey: link.apiKey, signal: AbortSignal.timeout(5000), timeoutMs: 3000, proxy: flags.proxy }).catch(() => undefined);
  if (!live?.length) return;
  row.models = live;
  row.modelsLive = true;
  if (provider.pickModelLive) row.defaultModel = live[0];
}

/** `g4f-chat providers [id]`: the table of providers, one in full, or `--check` live status. */
export async function runProviders(id: string | undefined, flags: ProvidersFlags): Promise<number> {
  const app = await loadAppContext();
  const path = healthFile(app.paths);
  const health = await loadHealth(path);
  const info = (provider: Provider): Row => {
    const row: Row = providerInfo(provider, {
      env: app.env,
      storedKeys: app.storedKeys,
      configuredBaseURL: app.catalog.configuredBaseURL(provider.id),
      baseURLFlag: id ? flags.baseUrl : undefined,
    });
    if (health[provider.id]) row.lastSeen = health[provider.id];
    return row;
  };
  if (id) {
    const provider = app.catalog.require(id);
    const row = info(provider);
    if (provider.userDefined) await askLiveModels(row, provider, app, flags);
    const { defaultModelSet: _set, ...shown } = row;
    if (flags.json) writeJson(shown, 2);
    else process.stdout.write(await forWindow(redact(describeProvider(row))));
    return EXIT.ok;
  }
  const rows = app.catalog.all.map(info);
  // A provider of the user's own with no model configured uses the first its server lists.
  const firstListed = new Set(app.catalog.all.filter((p) => p.pickModelLive).map((p) => p.id));
  let answered = true;
  if (flags.check) {
    const checks = await checkAll(flags, app);
    for (const row of rows) row.check = checks.get(row.id);
    const attempts = [...checks].flatMap(([provider, check]) =>
      check.status === 'skipped' ? [] : [{ provider, outcome: check.status === 'ok' ? ('ok' as const) : ('failed' as const), tries: 1, failure: 'check' }],
    );
    const changes = healthChanges(attempts, {}, Date.now());
    if (changes) await recordHealth(path, changes).catch(() => undefined);
    answered = [...checks.values()].some((check) => check.status === 'ok');
  }
  if (flags.json) writeJson(rows, 2);
  else process.stdout.write(`${redact(providersTable(rows.map((row) => (firstListed.has(row.id) ? { ...row, defaultModel: '(first listed)' } : row)), Boolean(flags.check)))}\n`);
  // A script can tell "nothing answers" from the exit code alone.
  if (!answered) {
    printError('no provider answered the check', 'g4f-chat providers <id> shows what each needs; start Ollama, set a key with g4f-chat keys set <id>, or point one at your own server with --base-url');
    return EXIT.failed;
  }
  return EXIT.ok;
}

/** On a terminal, long lines (a note, the env list) wrap at spaces, under their value. */
async function forWindow(text: string): Promise<string> {
  if (!process.stdout.isTTY) return text;
  await loadWrapping();
  return wrapNotice(text, usableColumns(process.stdout.columns));
}

function providersTable(rows: readonly Row[], checked: boolean): string {
  const c = colorsFor(process.stdout);
  const header = ['id', 'label', 'reach', 'key', 'auto', 'working', 'stream', 'images', 'tools', 'embed', 'default model', checked ? 'status' : 'last seen'];
  const cells = rows.map((row) => [
    row.id,
    row.label,
    row.reach,
    row.needsAuth ? (row.keyPresent ? 'set' : (row.apiKeyEnv[0] ?? 'needed')) : row.keyPresent ? 'set' : '-',
    row.inAuto ? 'yes' : 'no',
    row.working ? 'yes' : 'no',
    row.supportsStream ? 'yes' : 'no',
    row.supportsImages ? 'yes' : 'no',
    row.supportsTools ? 'yes' : 'no',
    row.embeddings ? 'yes' : 'no',
    row.defaultModel,
    checked ? describeCheck(row.check) : describeLastSeen(row.lastSeen),
  ]);
  return formatTable([header, ...cells], (cell, column, index) => {
    if (index === 0) return c.bold(cell);
    const row = rows[index - 1];
    if (column === 0) return row.working ? c.cyan(cell) : c.dim(cell);
    if (column === 5 && !row.working) return c.yellow(cell);
    if (column === 3 && row.needsAuth && !row.keyPresent) return c.dim(cell);
    if (column === 11) {
      const ok = checked ? row.check?.status === 'ok' : row.lastSeen?.ok;
      const bad = checked ? row.check?.status === 'failing' : row.lastSeen && !row.lastSeen.ok;
      return ok ? c.green(cell) : bad ? c.red(cell) : c.dim(cell);
    }
    return cell;
  }, process.stdout.isTTY ? usableColumns(process.stdout.columns) : undefined);
}

/** Server text is shown through the sanitiser: a reason may hold escape sequences. */
function describeCheck(check: CheckResult | undefined): string {
  if (!check) return '';
  if (check.status === 'ok') return `ok (${check.latencyMs} ms, ${check.method})`;
  if (check.status === 'skipped') return `skipped: ${check.reason}`;
  return `failing: ${sanitizeLabel(check.reason ?? '')}`;
}

function describeLastSeen(entry: HealthEntry | undefined): string {
  if (!entry) return '-';
  return `${entry.ok ? 'ok' : `failed (${entry.failure})`} ${ago(Date.now() - entry.at)}`;
}

function ago(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

const REACH_WORDS = {
  local: 'local (this machine, your network, or an address you set)',
  keyed: 'keyed (your own account)',
  public: 'public (a keyless service run by others; prompts go to them)',
};

/** Why `auto` passes a provider by, from the facts it goes by. */
function whyNotInAuto(info: Row): string {
  if (!info.working) return 'not working';
  if (info.notInAuto) return `its terms; name it with -p ${info.id}`;
  return `needs a key: g4f-chat keys set ${info.id}`;
}

function describeProvider(info: Row): string {
  const c = colorsFor(process.stdout);
  const aliases = Object.entries(info.modelAliases);
  const base = info.baseURLSource === 'default' ? 'default' : `from ${info.baseURLOrigin}`;
  const lines = [
    `${c.bold(info.label)} (${info.id})`,
    `  url:            ${info.url}`,
    `  base URL:       ${info.baseURL} (${base})`,
    `  reach:          ${REACH_WORDS[info.reach]}`,
    `  in auto:        ${info.inAuto ? 'yes' : `no (${whyNotInAuto(info)})`}`,
    `  working:        ${info.working ? 'yes' : 'no (the service is gone; works against any server speaking its protocol via --base-url)'}`,
    `  stream:         ${info.supportsStream ? 'yes' : 'no'}`,
    `  images:         ${info.supportsImages ? 'yes (vision models see them)' : 'no'}`,
    `  tools:          ${info.supportsTools ? 'yes (-T; the model may call them, each call approved)' : 'no'}`,
    `  embeddings:     ${info.embeddings ? `yes (g4f-chat embed; default model ${sanitizeLabel(info.embeddingModel ?? '')})` : 'no'}`,
    `  key:            ${info.keyPresent ? 'present' : info.needsAuth ? (info.reach === 'local' ? 'none (not needed at an address you set)' : 'needed, not set') : 'not needed'}`,
  ];
  if (info.note) lines.push(`  note:           ${info.note}`);
  if (info.terms) lines.push(`  terms:          ${info.terms}`);
  if (info.lastSeen) lines.push(`  last seen:      ${describeLastSeen(info.lastSeen)}`);
  if (info.supportsGpt35Turbo !== undefined) lines.push(`  gpt-3.5-turbo:  ${info.supportsGpt35Turbo ? 'yes' : 'no'}`);
  if (info.supportsGpt4 !== undefined) lines.push(`  gpt-4:          ${info.supportsGpt4 ? 'yes' : 'no'}`);
  const firstListed = info.modelsLive && !info.defaultModelSet ? c.dim(' (the first the server lists)') : '';
  // No model configured and the server not answering now: the rule, not a placeholder name.
  const model = info.defaultModelSet === false && !info.modelsLive ? `the first model its server lists (it did not answer now; set one: g4f-chat config set providers.${info.id}.defaultModel NAME)` : `${sanitizeLabel(info.defaultModel)}${firstListed}`;
  lines.push(`  default model:  ${model}`, `  models:${info.modelsLive ? c.dim('         (as the server lists them)') : ''}`);
  for (const model of info.models) lines.push(`    ${sanitizeLabel(model)}${model === info.defaultModel ? c.dim(' (default)') : ''}`);
  if (aliases.length > 0) {
    lines.push('  aliases:');
    for (const [alias, target] of aliases) lines.push(`    ${alias} → ${target}`);
  }
  if (info.paramsText) lines.push(`  params:         ${info.paramsText}`);
  lines.push(`  env:            ${info.env.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

async function checkAll(flags: ProvidersFlags, app: AppContext): Promise<Map<string, CheckResult>> {
  const spec = parseProviderSpec(flags.provider ?? 'auto');
  const targets: Provider[] = spec === 'auto' ? app.catalog.all.filter((p) => p.working) : spec.map((id) => app.catalog.require(id));
  if (flags.baseUrl && targets.length !== 1) throw new UsageError('--base-url applies to one provider; choose it with -p');
  const timeoutSeconds = flags.timeout ?? CHECK_TIMEOUT_SECONDS;
  const spinner = await startSpinner(`checking ${targets.length} providers…`, !flags.json);
  const results = new Map<string, CheckResult>();
  for (const provider of app.catalog.all) {
    if (!targets.includes(provider)) {
      results.set(provider.id, { status: 'skipped', reason: provider.working ? 'not checked (not in -p)' : 'not working upstream' });
    }
  }
  const deadline = AbortSignal.timeout(Math.max(CHECK_TOTAL_SECONDS, timeoutSeconds + 2) * 1000);
  await Promise.all(
    targets.map(async (provider) => {
      const single = targets.length === 1;
      const link: ChainLink = linkFor(provider, { catalog: app.catalog, env: app.env, storedKeys: app.storedKeys, apiKey: single ? flags.apiKey : undefined }, single ? flags.baseUrl : undefined);
      if (provider.kind === 'keyed' && !link.apiKey && link.reach !== 'local') {
        results.set(provider.id, { status: 'skipped', reason: `no key (${(provider.apiKeyEnv ?? []).join(' or ')})` });
        return;
      }
      results.set(provider.id, await checkProvider(link, { timeoutMs: timeoutSeconds * 1000, proxy: flags.proxy, signal: deadline, deep: flags.deep }));
    }),
  );
  spinner.stop();
  return results;
}
