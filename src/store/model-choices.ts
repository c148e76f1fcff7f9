import { readFile } from 'node:fs/promises';
import { withFileLock } from './file-lock.js';
import { writePrivateFileAtomic } from './private-files.js';

/**
 * A provider's default model replaced from the server's own list: refused there as retired, or
 * not listed by a server at an address the user set (then `chosen` may be the default itself).
 */
export interface ModelChoice {
  retired: string;
  chosen: string;
  /** The server that refused it: another address may still have the default. */
  baseURL: string;
  /** Epoch milliseconds. */
  at: number;
}

export type ModelChoices = Record<string, ModelChoice>;

export async function loadModelChoices(path: string): Promise<ModelChoices> {
  try {
    const json = JSON.parse(await readFile(path, 'utf8')) as unknown;
    if (!json || typeof json !== 'object' || Array.isArray(json)) return {};
    const choices: ModelChoices = {};
    for (const [id, entry] of Object.entries(json as Record<string, Partial<ModelChoice>>)) {
      if (entry && typeof entry.retired === 'string' && typeof entry.chosen === 'string' && typeof entry.baseURL === 'string') {
        choices[id] = { retired: entry.retired, chosen: entry.chosen, baseURL: entry.baseURL, at: typeof entry.at === 'number' ? entry.at : 0 };
      }
    }
    return choices;
  } catch {
    // Missing or damaged: the built-in default is tried again, and heals again if it must.
    return {};
  }
}

/** The remembered replacement of this provider's default at this address, if it applies. */
export function rememberedModel(choices: ModelChoices, providerId: string, defaultModel: string, baseURL: string): string | undefined {
  const choice = choices[providerId];
  return choice && choice.retired === defaultModel && choice.baseURL === baseURL ? choice.chosen : undefined;
}

/** Writes one choice under a lock (other processes' choices are kept), atomically. */
export async function recordModelChoice(path: string, providerId: string, choice: ModelChoice): Promise<void> {
  await withFileLock(path, async () => {
    const merged = { ...(await loadModelChoices(path)), [providerId]: choice };
    await writePrivateFileAtomic(path, `${JSON.stringify(merged, null, 2)}\n`);
  });
}
