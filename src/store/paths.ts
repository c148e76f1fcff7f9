import { join } from 'node:path';
import envPaths from 'env-paths';
import type { Env } from '../ground/types.js';

export interface AppPaths {
  /** config.json and keys.json */
  config: string;
  /** conversations */
  data: string;
  /** input history of the chat */
  state: string;
}

/**
 * G4F_CHAT_HOME holds everything when set; otherwise XDG directories on Linux and the
 * platform's conventional ones elsewhere.
 */
export function appPaths(env: Env, platform: NodeJS.Platform, home: string): AppPaths {
  const root = env.G4F_CHAT_HOME;
  if (root) return { config: root, data: root, state: root };
  if (platform === 'linux') {
    const xdg = (name: string, fallback: string) => join(env[name] || join(home, fallback), 'g4f-chat');
    return {
      config: xdg('XDG_CONFIG_HOME', '.config'),
      data: xdg('XDG_DATA_HOME', '.local/share'),
      state: xdg('XDG_STATE_HOME', '.local/state'),
    };
  }
  const paths = envPaths('g4f-chat', { suffix: '' });
  return { config: paths.config, data: paths.data, state: paths.log.replace(/Logs?$/, 'State') };
}

export const configFile = (paths: AppPaths) => join(paths.config, 'config.json');
export const keysFile = (paths: AppPaths) => join(paths.config, 'keys.json');
export const conversationsDir = (paths: AppPaths) => join(paths.data, 'conversations');
export const inputHistoryFile = (paths: AppPaths) => join(paths.state, 'input-history');
export const healthFile = (paths: AppPaths) => join(paths.state, 'provider-health.json');
export const modelChoicesFile = (paths: AppPaths) => join(paths.state, 'model-choices.json');
/** Pictures made by `g4f-chat image` (and shown in chat), one file each, named by time and hash. */
export const imagesDir = (paths: AppPaths) => join(paths.data, 'images');
