import { Catalog } from '../../core/routing/catalog.js';
import { CONFIG_KEYS, PROVIDER_FIELDS, isConfigKey, parseProviderKey, unknownKey, type Config } from '../../store/config/schema.js';
import { withSetting, withoutSetting } from '../../store/config/edit.js';
import { updateConfig } from '../../store/config/file.js';
import { UsageError } from '../../ground/errors.js';
import { parseProviderSpec } from '../../core/routing/plan-chain.js';
import { configFile, conversationsDir, inputHistoryFile, keysFile } from '../../store/paths.js';
import { maskURLCredentials } from '../../ground/redact.js';
import { builtinProviders } from '../../providers/registry.js';
import { EXIT } from '../exit-codes.js';
import { loadAppContext } from '../settings.js';
import { writeJson } from '../write-json.js';

/** Every setting as `key → value`, providers' settings as dotted keys. */
function flatten(config: Config): Array<[string, unknown]> {
  const rows: Array<[string, unknown]> = [];
  for (const key of Object.keys(CONFIG_KEYS)) rows.push([key, config[key as keyof Config]]);
  for (const [id, entry] of Object.entries(config.providers ?? {})) {
    for (const field of Object.keys(PROVIDER_FIELDS)) {
      const value = entry[field as keyof typeof entry];
      if (value !== undefined) rows.push([`providers.${id}.${field}`, Array.isArray(value) ? value.join(',') : value]);
    }
  }
  return rows;
}

/** A proxy URL's password is never printed. */
const shown = (key: string, value: unknown) => (key === 'proxy' && typeof value === 'string' ? maskURLCredentials(value) : value);

export async function configList(flags: { json?: boolean }): Promise<number> {
  const app = await loadAppContext();
  if (flags.json) {
    const safe = app.config.proxy ? { ...app.config, proxy: maskURLCredentials(app.config.proxy) } : app.config;
    writeJson(safe, 2);
    return EXIT.ok;
  }
  const lines = flatten(app.config).map(([key, value]) => {
    const describe = isConfigKey(key) ? CONFIG_KEYS[key].describe : PROVIDER_FIELDS[key.split('.')[2] as keyof typeof PROVIDER_FIELDS];
    return `${key} = ${value === undefined ? '(unset)' : JSON.stringify(shown(key, value))}  # ${describe}`;
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

export async function configGet(key: string): Promise<number> {
  const app = await loadAppContext();
  if (!isConfigKey(key) && !parseProviderKey(key)) throw unknownKey(key);
  const value = flatten(app.config).find(([name]) => name === key)?.[1];
  if (value === undefined) return EXIT.failed;
  process.stdout.write(`${shown(key, value)}\n`);
  return EXIT.ok;
}

export async function configSet(key: string, raw: string): Promise<number> {
  const app = await loadAppContext();
  const builtinIds = builtinProviders.map((p) => p.id);
  const checked = (config: Config) => (key === 'provider' ? checkProvider(withSetting(config, key, raw, builtinIds)) : withSetting(config, key, raw, builtinIds));
  // Checked before the lock is taken, and again on the file as it is under the lock.
  checked(app.config);
  const saved = await updateConfig(configFile(app.paths), checked);
  const value = flatten(saved).find(([name]) => name === key)?.[1];
  process.stderr.write(`${key} = ${JSON.stringify(shown(key, value))}\n`);
  return EXIT.ok;
}

export async function configUnset(key: string): Promise<number> {
  const app = await loadAppContext();
  withoutSetting(app.config, key);
  let wasSet = false;
  await updateConfig(configFile(app.paths), (config) => {
    wasSet = flatten(config).some(([name, value]) => value !== undefined && (name === key || name.startsWith(`${key}.`)));
    return withoutSetting(config, key);
  });
  // Said like `config set` says what it set: on stderr, so `get` stays the only one writing values.
  process.stderr.write(wasSet ? `${key} unset\n` : `${key} was not set\n`);
  return EXIT.ok;
}

/** A default provider must name providers that exist, in this config. */
function checkProvider(config: Config): Config {
  if (config.provider !== undefined) {
    const spec = parseProviderSpec(config.provider);
    if (spec !== 'auto') {
      const catalog = new Catalog(config.providers);
      for (const id of spec) catalog.require(id, ['auto']);
    }
  }
  return config;
}

export async function configPath(): Promise<number> {
  const app = await loadAppContext();
  const lines = [
    `config         ${configFile(app.paths)}`,
    `keys           ${keysFile(app.paths)}`,
    `conversations  ${conversationsDir(app.paths)}`,
    `input history  ${inputHistoryFile(app.paths)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
