import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Creates a directory (and its parents) readable by its owner only. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/**
 * Replaces a file atomically with owner-only permissions: written to a temporary file
 * beside it, flushed, then renamed over it, so a crash leaves the old or the new file.
 */
export async function writePrivateFileAtomic(path: string, text: string): Promise<void> {
  await ensurePrivateDir(dirname(path));
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    // A full disk or a failed rename leaves no temporary file behind.
    await rm(temporary, { force: true });
    throw error;
  }
}
