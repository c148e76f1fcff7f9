import { nearestNames } from '../../ground/nearest-names.js';
import { readFile, stat } from 'node:fs/promises';
import { G4fError, UsageError } from '../../ground/errors.js';
import { withFileLock } from '../file-lock.js';
import { writePrivateFileAtomic } from '../private-files.js';

/** Settings of one provider in the config file; for an id that is not built in, a provider of the user's own. */
export interface ProviderConfig {
  baseUrl?: string;
  keyEnv?: string;
  defaultModel?: string;
  models?: string[];
}

export interface Config {
  provider?: string;
  model?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  timeout?: number;
  maxTime?: number;
  retries?: number;
  proxy?: string;
  markdown?: boolean;
  history?: boolean;
  fallback?: 'private' | 'public';
  /** Tools offered unless -T says otherwise: built-ins, MCP servers, SERVER__TOOL, comma-separated. */
  tools?: string;
  providers?: Record<string, ProviderConfig>;
}

export type ConfigKey = Exclude<keyof Config, 'providers'>;

interface KeySpec {
  describe: string;
  parse(raw: string): string | number | boolean;
}

/** Plain decimal numbers only: `0x1`, `0b11`, `1e3` and blanks are not numbers a person types. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

const text = (describe: string): KeySpec => ({ describe, parse: (raw) => raw });
const number = (describe: string, min: number, max: number, integer = false): KeySpec => ({
  describe,
  parse(raw) {
    const value = Number(raw.trim());
    if (!DECIMAL.test(raw.trim()) || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new Error(`${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    }
    return value;
  },
});
const flag = (describe: string): KeySpec => ({
  describe,
  parse(raw) {
    if (['true', 'on', 'yes', '1'].includes(raw)) return true;
    if (['false', 'off', 'no', '0'].includes(raw)) return false;
    throw new Error('true or false');
  },
});
const choice = (describe: string, choices: readonly string[]): KeySpec => ({
  describe,
  parse(raw) {
    if (!choices.includes(raw)) throw new Error(choices.join(' or '));
    return raw;
  },
});
const url = (describe: string): KeySpec => ({
  describe,
  parse(raw) {
    return checkHttpURL(raw);
  },
});

export const CONFIG_KEYS: Readonly<Record<ConfigKey, KeySpec>> = {
  provider: text('default provider: auto, an id, or a comma-separated chain'),
  model: text('default model'),
  system: text('default system prompt'),
  temperature: number('sampling temperature', 0, 2),
  maxTokens: number('most tokens in an answer', 1, 10_000_000, true),
  timeout: number('longest silence allowed, in seconds', 0.1, 3600),
  maxTime: number('longest one provider may take in all, in seconds', 1, 86_400),
  retries: number('retries of a failing provider before the next', 0, 10, true),
  proxy: url('proxy URL for every request'),
  markdown: flag('style markdown in a terminal'),
  history: flag('save conversations'),
  fallback: choice('private: never move a prompt from your own providers to public ones; public: allow it', ['private', 'public']),
  tools: text('tools offered by default: read_file,list_files,fetch_url,run_command, an MCP server, SERVER__TOOL (comma-separated)'),
};

/** Fields of `providers.<id>.<field>`. */
export const PROVIDER_FIELDS = {
  baseUrl: 'base URL of an OpenAI-compatible server (a new id defines a provider of your own)',
  keyEnv: 'environment variable holding its key',
  defaultModel: 'model used when none is given',
  models: 'comma-separated model names',
} as const;
export type ProviderField = keyof typeof PROVIDER_FIELDS;

export function isConfigKey(key: string): key is ConfigKey {
  return Object.hasOwn(CONFIG_KEYS, key);
}

export const PROVIDER_ID = /^[a-z][a-z0-9-]{0,39}$/;

export function checkHttpURL(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error('an http:// or https:// URL, such as http://127.0.0.1:1234/v1');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('an http:// or https:// URL');
  return raw;
}

/** A dotted key `providers.<id>.<field>` split into its parts, or undefined for a plain key. */
export function parseProviderKey(key: string): { id: string; field?: ProviderField } | undefined {
  if (key !== 'providers' && !key.startsWith('providers.')) return undefined;
  const [, id, field, ...rest] = key.split('.');
  const known = Object.keys(PROVIDER_FIELDS).join(', ');
  if (!id || rest.length > 0) throw new UsageError(`"${key}" is not a setting; use providers.<id>.<field> with a field of: ${known}`);
  if (!PROVIDER_ID.test(id) || id === 'auto') throw new UsageError(`"${id}" cannot be a provider id: lower-case letters, digits and "-", starting with a letter`);
  if (field !== undefined && !Object.hasOwn(PROVIDER_FIELDS, field)) throw new UsageError(`unknown field "${field}" of providers.${id}; fields: ${known}`);
  return { id, field: field as ProviderField | undefined };
}

function parseProviderField(field: ProviderField, raw: string): string | string[] {
  switch (field) {
    case 'baseUrl':
      return checkHttpURL(raw).replace(/\/+$/, '');
    case 'keyEnv':
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(raw)) throw new Error('an environment variable name, such as LMSTUDIO_API_KEY');
      return raw;
    case 'models': {
      const list = raw.split(',').map((m) => m.trim()).filter(Boolean);
      if (list.length === 0) throw new Error('one or more model names, separated by commas');
      return list;
    }
    case 'defaultModel':
      if (!raw.trim()) throw new Error('a model name');
      return raw.trim();
  }
}

export function parseConfigValue(key: string, raw: string): string | number | boolean {
  if (!isConfigKey(key)) throw unknownKey(key);
  try {
    return CONFIG_KEYS[key].parse(raw);
  } catch (error) {
    throw new UsageError(`bad value for ${key}: "${raw}"; expected ${(error as Error).message}`);
  }
}

/** The refusal of a key that is not one: the nearest names first (`temprature` → temperature), then all. */
export function unknownKey(key: string): UsageError {
  const near = nearestNames(key, Object.keys(CONFIG_KEYS));
  return new UsageError(`unknown config key "${key}"${near.length > 0 ? `; did you mean ${near.join(' or ')}?` : ''}`, `valid keys: ${validKeys()}`);
}

export const validKeys = () => [...Object.keys(CONFIG_KEYS), 'providers.<id>.{baseUrl,keyEnv,defaultModel,models}'].join(', ');

/** The config with one setting changed; every check happens here, before anything is written. */
export function withSetting(config: Config, key: string, raw: string, builtinIds: readonly string[]): Config {
  const dotted = parseProviderKey(key);
  if (!dotted) return { ...config, [key]: parseConfigValue(key, raw) };
  if (!dotted.field) throw new UsageError(`name a field: providers.${dotted.id}.<${Object.keys(PROVIDER_FIELDS).join('|')}>`);
  let value: string | string[];
  try {
    value = parseProviderField(dotted.field, raw);
  } catch (error) {
    throw new UsageError(`bad value for ${key}: "${raw}"; expected ${(error as Error).message}`);
  }
  const entry = { ...config.providers?.[dotted.id], [dotted.field]: value };
  if (!builtinIds.includes(dotted.id) && !entry.baseUrl) {
    throw new UsageError(`unknown provider "${dotted.id}": define it first with its URL`, `g4f-chat config set providers.${dotted.id}.baseUrl http://127.0.0.1:1234/v1`);
  }
  return { ...config, providers: { ...config.providers, [dotted.id]: entry } };
}

/** The config without one setting; `providers.<id>` removes the whole provider entry. */
export function withoutSetting(config: Config, key: string): Config {
  const dotted = parseProviderKey(key);
  if (!dotted) {
    if (!isConfigKey(key)) throw unknownKey(key);
    const { [key]: _removed, ...rest } = config;
    return rest;
  }
  const providers = { ...config.providers };
  if (dotted.field) {
    const entry = { ...providers[dotted.id] };
    delete entry[dotted.field];
    if (Object.keys(entry).length > 0) providers[dotted.id] = entry;
    else delete providers[dotted.id];
  } else {
    delete providers[dotted.id];
  }
  const { providers: _old, ...rest } = config;
  return Object.keys(providers).length > 0 ? { ...rest, providers } : rest;
}

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
