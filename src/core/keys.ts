import { readFile, stat } from 'node:fs/promises';
import { G4fError } from './errors.js';
import { writePrivateFileAtomic } from './private-files.js';

export type StoredKeys = Record<string, string>;

/** Keys stored with `g4f-chat keys set`, by provider id; missing file → none. */
export async function loadKeys(path: string): Promise<StoredKeys> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new G4fError(`cannot read ${path}: ${(error as Error).message}`, { code: 'keys' });
  }
  try {
    const json = JSON.parse(raw) as unknown;
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('not an object');
    return Object.fromEntries(Object.entries(json).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    throw new G4fError(`${path} is not a valid key file`, { code: 'keys', hint: `remove it and store the keys again: rm ${path}` });
  }
}

export async function saveKeys(path: string, keys: StoredKeys): Promise<void> {
  await writePrivateFileAtomic(path, `${JSON.stringify(keys, null, 2)}\n`);
}

/** True when the key file can be read by others than its owner. */
export async function keysFileTooOpen(path: string): Promise<boolean> {
  try {
    return ((await stat(path)).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}
