import { readFile, stat } from 'node:fs/promises';
import { G4fError, UsageError } from '../../ground/errors.js';
import { withFileLock } from '../file-lock.js';
import { writePrivateFileAtomic } from '../private-files.js';
import { CONFIG_KEYS, PROVIDER_FIELDS, PROVIDER_ID, isConfigKey, parseProviderField, validKeys, type Config, type ProviderConfig, type ProviderField } from './schema.js';

/** Reads config.json; a missing file is an empty config, a malformed one an error naming the file. */
export async function loadConfig(path: string): Promise<Config> {
  let raw: string;
  try {
    const info = await stat(path);
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) throw new G4fError(`${path} belongs to another user; not using it`, { code: 'config', hint: `remove it, or set G4F_CHAT_HOME` });
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof G4fError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new G4fError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { code: 'config' });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    // Only where, never what: the file may hold a proxy password, or be a link to any file.
    throw new UsageError(`${path} is not valid JSON (${where(raw, error as Error)})`, `fix it, or start again with: rm ${path}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UsageError(`${path} must hold a JSON object`);
  const config: Config = {};
  for (const [key, value] of Object.entries(json)) {
    if (key === 'providers') {
      config.providers = loadProviders(path, value);
      continue;
    }
    if (!isConfigKey(key)) throw new UsageError(`${path}: unknown key "${key}"; valid keys: ${validKeys()}`);
    try {
      const textKey = ['provider', 'model', 'system', 'proxy', 'fallback'].includes(key);
      if (textKey && typeof value !== 'string') throw new Error('a string');
      (config as Record<string, unknown>)[key] = CONFIG_KEYS[key].parse(typeof value === 'string' ? value : JSON.stringify(value));
    } catch (error) {
      throw new UsageError(`${path}: bad value for ${key}; expected ${(error as Error).message}`);
    }
  }
  return config;
}

function loadProviders(path: string, value: unknown): Record<string, ProviderConfig> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${path}: "providers" must be an object of provider settings`);
  const out: Record<string, ProviderConfig> = {};
  for (const [id, entry] of Object.entries(value)) {
    if (!PROVIDER_ID.test(id) || !entry || typeof entry !== 'object' || Array.isArray(entry)) throw new UsageError(`${path}: providers.${id} is not a valid provider entry`);
    const parsed: Record<string, unknown> = {};
    for (const [field, raw] of Object.entries(entry)) {
      if (!Object.hasOwn(PROVIDER_FIELDS, field)) throw new UsageError(`${path}: unknown field providers.${id}.${field}`);
      try {
        parsed[field] = parseProviderField(field as ProviderField, Array.isArray(raw) ? raw.join(',') : String(raw));
      } catch (error) {
        throw new UsageError(`${path}: bad value for providers.${id}.${field}; expected ${(error as Error).message}`);
      }
    }
    out[id] = parsed;
  }
  return out;
}

/** `line L, column C` of a JSON.parse failure, from the position V8 reports. */
function where(raw: string, error: Error): string {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return 'unexpected end or character';
  const before = raw.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

export async function saveConfig(path: string, config: Config): Promise<void> {
  await writePrivateFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`);
}

/** Read, change and write the config under a lock: concurrent `config set` never lose each other's changes. */
export function updateConfig(path: string, change: (config: Config) => Config): Promise<Config> {
  return withFileLock(path, async () => {
    const next = change(await loadConfig(path));
    await saveConfig(path, next);
    return next;
  });
}
