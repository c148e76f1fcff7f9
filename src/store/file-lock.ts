import { open, readFile, rm, stat } from 'node:fs/promises';
import { G4fError } from '../ground/errors.js';
import { ensurePrivateDir } from './private-files.js';
import { dirname } from 'node:path';

const STALE_MS = 10_000;
const WAIT_MS = 15_000;

/**
 * Runs `work` while holding `<path>.lock`, so that read-modify-write cycles of several
 * processes (two `config set` at once) never lose each other's changes. The lock is a file
 * created exclusively, holding its owner's pid: a lock whose owner is gone (killed) is
 * taken over at once, and one older than 10 s in any case.
 */
export async function withFileLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  await ensurePrivateDir(dirname(path));
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      try {
        await handle.write(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_MS || (await ownerIsGone(lock))) await rm(lock, { force: true });
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

/** True when the lock names a process that no longer runs (it was killed holding the lock). */
async function ownerIsGone(lock: string): Promise<boolean> {
  const pid = Number(await readFile(lock, 'utf8').catch(() => ''));
  // An empty file is a lock being written this very moment: its owner is alive.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
