import { homedir } from 'node:os';
import { loadConfig } from '../store/config/file.js';
import type { Config } from '../store/config/schema.js';
import { loadKeys, secureKeysFile, type StoredKeys } from '../store/keys.js';
import { printWarning } from './messages.js';
import { appPaths, configFile, keysFile, type AppPaths } from '../store/paths.js';
import { registerSecret } from '../ground/redact.js';
import { catalogFromConfig, type Catalog } from '../core/routing/catalog.js';
import type { TurnSettings } from '../repl/chat-session.js';
import type { Role } from '../store/roles.js';
import type { ShowMode } from '../images/show-image.js';

/** Options shared by every command that talks to providers (ask, chat, models, providers --check). */
export interface ProviderFlags {
  provider?: string;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  proxy?: string;
  timeout?: number;
  firstByteTimeout?: number;
  chainTimeout?: number;
  retries?: number;
  verbose?: boolean;
}

export interface ChatFlags extends ProviderFlags {
  system?: string;
  temperature?: number;
  maxTokens?: number;
  stream?: boolean;
  quiet?: boolean;
  color?: boolean;
  raw?: boolean;
  history?: boolean;
  continue?: boolean;
  session?: string;
  fallback?: 'private' | 'public';
  maxTime?: number;
  /** -f: files, folders, globs, URLs, images. */
  file?: string[];
  role?: string;
  /** Most bytes of text input in all (stdin, files, pages). */
  maxInput?: number;
  /** --show: how a terminal draws pictures (detected from the terminal when not given). */
  show?: ShowMode;
}

/** Everything one run needs: what a chat turn needs, plus what only the command line sets. */
export interface Settings extends TurnSettings {
  history: boolean;
  baseURL?: string;
  apiKey?: string;
}

export interface AppContext {
  env: NodeJS.ProcessEnv;
  paths: AppPaths;
  config: Config;
  storedKeys: StoredKeys;
  /** Built-in providers as the config adjusts them, and the user's own. */
  catalog: Catalog;
}

/** Paths, config and stored keys; every key known to the process is registered for redaction. */
export async function loadAppContext(): Promise<AppContext> {
  const env = process.env;
  const paths = appPaths(env, process.platform, homedir());
  // The key file's mode is checked alongside the reads, not before them: startup waits once.
  const [keysWarning, config, storedKeys] = await Promise.all([secureKeysFile(keysFile(paths)), loadConfig(configFile(paths)), loadKeys(keysFile(paths))]);
  if (keysWarning) printWarning(keysWarning);
  const catalog = catalogFromConfig(config);
  for (const provider of catalog.all) for (const name of provider.apiKeyEnv ?? []) registerSecret(env[name]);
  for (const key of Object.values(storedKeys)) registerSecret(key);
  // A URL may carry a password (a proxy's, a base URL's: http://user:secret@host), in any variable or the config.
  for (const value of Object.values(env)) if (value?.includes('@')) registerURLPassword(value);
  for (const provider of catalog.all) registerURLPassword(catalog.configuredBaseURL(provider.id));
  return { env, paths, config, storedKeys, catalog };
}

/** Longest one attempt at one provider may take, request to last byte, unless --max-time says otherwise. */
export const DEFAULT_MAX_TIME_SECONDS = 600;

/**
 * Longest wait for a streamed request that has received nothing at all (no connection, no
 * response head). Streaming APIs send their head as soon as they take the request, before
 * generating: a few seconds even when loaded. 15 s is a quarter of --timeout's 60 s, so a
 * network that swallows connections costs 15 s per host instead of 183.
 */
export const DEFAULT_FIRST_BYTE_SECONDS = 15;

/**
 * One deadline for the whole chain until an answer begins: after it no further provider is
 * tried, and an attempt still waiting for its first byte is stopped. 60 s lets four silent
 * hosts be tried in turn (4 × 15 s); an answer that has begun is never cut by it.
 */
export const DEFAULT_CHAIN_TIMEOUT_SECONDS = 60;

/**
 * Flags, then the role (--role), then environment (G4F_CHAT_PROVIDER, G4F_CHAT_MODEL), then
 * config, then built-in defaults.
 */
export function resolveSettings(flags: ChatFlags, app: AppContext, role?: Role): Settings {
  const { env, config } = app;
  registerSecret(flags.apiKey);
  registerURLPassword(flags.proxy ?? config.proxy);
  registerURLPassword(flags.baseUrl);
  return {
    provider: flags.provider ?? role?.provider ?? (env.G4F_CHAT_PROVIDER || undefined) ?? config.provider ?? 'auto',
    model: flags.model ?? role?.model ?? (env.G4F_CHAT_MODEL || undefined) ?? config.model,
    system: flags.system ?? role?.system ?? config.system,
    temperature: flags.temperature ?? role?.temperature ?? config.temperature,
    maxTokens: flags.maxTokens ?? config.maxTokens,
    timeoutMs: Math.round((flags.timeout ?? config.timeout ?? 60) * 1000),
    firstByteMs: Math.round((flags.firstByteTimeout ?? DEFAULT_FIRST_BYTE_SECONDS) * 1000),
    chainTimeoutMs: Math.round((flags.chainTimeout ?? DEFAULT_CHAIN_TIMEOUT_SECONDS) * 1000),
    maxTimeMs: Math.round((flags.maxTime ?? config.maxTime ?? DEFAULT_MAX_TIME_SECONDS) * 1000),
    allowPublic: (flags.fallback ?? config.fallback) === 'public',
    retries: flags.retries ?? config.retries ?? 2,
    proxy: flags.proxy ?? config.proxy,
    markdown: flags.raw ? false : (config.markdown ?? true),
    history: flags.history === false ? false : (config.history ?? true),
    baseURL: flags.baseUrl,
    apiKey: flags.apiKey,
    stream: flags.stream ?? true,
    verbose: flags.verbose ?? false,
    quiet: flags.quiet ?? false,
  };
}

/** A URL's password (http://user:secret@host, a proxy's or a base URL's) is a secret like a key, raw and decoded. */
function registerURLPassword(value: string | undefined): void {
  if (!value?.includes('@')) return;
  try {
    const { password } = new URL(value);
    registerSecret(password);
    registerSecret(decodeURIComponent(password));
  } catch {
    // not a URL (or a malformed escape): nothing to hide
  }
}
