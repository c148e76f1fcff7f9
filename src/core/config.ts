import { readFile } from 'node:fs/promises';
import { G4fError, UsageError } from './errors.js';
import { writePrivateFileAtomic } from './private-files.js';

export interface Config {
  provider?: string;
  model?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  timeout?: number;
  retries?: number;
  proxy?: string;
  markdown?: boolean;
  history?: boolean;
}

export type ConfigKey = keyof Config;

interface KeySpec {
  describe: string;
  parse(raw: string): string | number | boolean;
}

const text = (describe: string): KeySpec => ({ describe, parse: (raw) => raw });
const number = (describe: string, min: number, max: number, integer = false): KeySpec => ({
  describe,
  parse(raw) {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
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

export const CONFIG_KEYS: Readonly<Record<ConfigKey, KeySpec>> = {
  provider: text('default provider: auto, an id, or a comma-separated chain'),
  model: text('default model'),
  system: text('default system prompt'),
  temperature: number('sampling temperature', 0, 2),
  maxTokens: number('most tokens in an answer', 1, 10_000_000, true),
  timeout: number('longest silence allowed, in seconds', 0.1, 3600),
  retries: number('retries of a failing provider before the next', 0, 10, true),
  proxy: text('proxy URL for every request'),
  markdown: flag('style markdown in a terminal'),
  history: flag('save conversations'),
};

export function isConfigKey(key: string): key is ConfigKey {
  return Object.hasOwn(CONFIG_KEYS, key);
}

export function parseConfigValue(key: string, raw: string): string | number | boolean {
  if (!isConfigKey(key)) throw new UsageError(`unknown config key "${key}"; valid keys: ${Object.keys(CONFIG_KEYS).join(', ')}`);
  try {
    return CONFIG_KEYS[key].parse(raw);
  } catch (error) {
    throw new UsageError(`bad value for ${key}: "${raw}"; expected ${(error as Error).message}`);
  }
}

/** Reads config.json; a missing file is an empty config, a malformed one an error naming the file. */
export async function loadConfig(path: string): Promise<Config> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new G4fError(`cannot read ${path}: ${(error as Error).message}`, { code: 'config' });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`, `fix it, or start again with: rm ${path}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UsageError(`${path} must hold a JSON object`);
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (!isConfigKey(key)) throw new UsageError(`${path}: unknown key "${key}"; valid keys: ${Object.keys(CONFIG_KEYS).join(', ')}`);
    try {
      config[key] = CONFIG_KEYS[key].parse(String(value));
    } catch (error) {
      throw new UsageError(`${path}: bad value for ${key}: ${JSON.stringify(value)}; expected ${(error as Error).message}`);
    }
  }
  return config as Config;
}

export async function saveConfig(path: string, config: Config): Promise<void> {
  await writePrivateFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`);
}
