import { nearestNames } from '../../ground/nearest-names.js';
import { UsageError } from '../../ground/errors.js';
import { describeDecimalRange, parseDecimal } from '../../ground/decimal.js';

/**
 * What the config file may hold and how each value is checked: the settings, the fields of
 * `providers.<id>`, and the parsing shared by `config set` and the file's loading.
 */

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

const text = (describe: string): KeySpec => ({ describe, parse: (raw) => raw });
const number = (describe: string, min: number, max: number, integer = false): KeySpec => ({
  describe,
  parse(raw) {
    const value = parseDecimal(raw, { min, max, integer });
    if (value === undefined) throw new Error(describeDecimalRange({ min, max, integer }));
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

export function parseProviderField(field: ProviderField, raw: string): string | string[] {
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
