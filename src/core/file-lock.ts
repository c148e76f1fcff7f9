import { open, rm, stat } from 'node:fs/promises';
import { G4fError } from './errors.js';
import { ensurePrivateDir } from './private-files.js';
import { dirname } from 'node:path';

const STALE_MS = 10_000;
const WAIT_MS = 15_000;

/**
 * Runs `work` while holding `<path>.lock`, so that read-modify-write cycles of several
 * processes (two `config set` at once) never lose each other's changes. The lock is a file
 * created exclusively; one older than 10 s is left over from a killed process and taken over.
 */
export async function withFileLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  await ensurePrivateDir(dirname(path));
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_MS) await rm(lock, { force: true });
      else if (Date.now() > deadline) throw new G4fError(`${path} is locked by another g4f-chat`, { code: 'locked', hint: `if no other g4f-chat runs, remove ${lock}` });
      else await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}
