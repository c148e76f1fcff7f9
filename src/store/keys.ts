import { chmod, readFile, stat } from 'node:fs/promises';
import { G4fError } from '../ground/errors.js';
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

/**
 * A key file others can read is made private again (when it is ours) and said so; a file
 * of another user is refused. Returns the warning to show, if any.
 */
export async function secureKeysFile(path: string): Promise<string | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return undefined;
  }
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) throw new G4fError(`${path} belongs to another user; not reading keys from it`, { code: 'keys' });
  if ((info.mode & 0o077) === 0) return undefined;
  try {
    await chmod(path, 0o600);
    return `${path} could be read by others (mode ${(info.mode & 0o777).toString(8)}); made it private (600)`;
  } catch {
    return `${path} can be read by others (mode ${(info.mode & 0o777).toString(8)}): chmod 600 ${path}`;
  }
}
