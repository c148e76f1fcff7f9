import { realpath } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';

/** `path` is `folder` itself or somewhere below it (both absolute, already resolved). */
export function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * A symbolic link among attached files whose real path leaves the attached root: following
 * it would send what the root does not hold (`docs/notes.md → ~/.ssh/id_ed25519`). A path
 * that cannot be resolved counts as leaving.
 */
export async function linksOutside(path: string, realRoot: string): Promise<boolean> {
  const real = await realpath(path).catch(() => undefined);
  return real === undefined || !isWithin(real, realRoot);
}
