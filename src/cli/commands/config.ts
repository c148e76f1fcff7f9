import { CONFIG_KEYS, isConfigKey, loadConfig, parseConfigValue, saveConfig, type Config } from '../../core/config.js';
import { UsageError } from '../../core/errors.js';
import { configFile, conversationsDir, inputHistoryFile, keysFile } from '../../core/paths.js';
import { EXIT } from '../exit-codes.js';
import { loadAppContext } from '../settings.js';

function requireKey(key: string): keyof Config {
  if (!isConfigKey(key)) throw new UsageError(`unknown config key "${key}"; valid keys: ${Object.keys(CONFIG_KEYS).join(', ')}`);
  return key;
}

export async function configList(flags: { json?: boolean }): Promise<number> {
  const app = await loadAppContext();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(app.config, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const [key, spec] of Object.entries(CONFIG_KEYS)) {
    const value = app.config[key as keyof Config];
    process.stdout.write(`${key} = ${value === undefined ? '(unset)' : JSON.stringify(value)}  # ${spec.describe}\n`);
  }
  return EXIT.ok;
}

export async function configGet(key: string): Promise<number> {
  const app = await loadAppContext();
  const value = app.config[requireKey(key)];
  if (value === undefined) return EXIT.failed;
  process.stdout.write(`${value}\n`);
  return EXIT.ok;
}

export async function configSet(key: string, raw: string): Promise<number> {
  const app = await loadAppContext();
  const valid = requireKey(key);
  const value = parseConfigValue(valid, raw);
  const path = configFile(app.paths);
  const config = await loadConfig(path);
  await saveConfig(path, { ...config, [valid]: value });
  process.stderr.write(`${valid} = ${JSON.stringify(value)}\n`);
  return EXIT.ok;
}

export async function configUnset(key: string): Promise<number> {
  const app = await loadAppContext();
  const valid = requireKey(key);
  const path = configFile(app.paths);
  const config = await loadConfig(path);
  delete config[valid];
  await saveConfig(path, config);
  return EXIT.ok;
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
