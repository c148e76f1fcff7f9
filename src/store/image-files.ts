import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir } from './private-files.js';

/** The file extension of each picture format g4f-chat keeps. */
export const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** `20261207-212640-1a2b3c4d5e6f.png`: when it was made (UTC) and the start of its SHA-256. */
export function imageFileName(bytes: Uint8Array, mime: string, now: Date): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  return `${stamp}-${hash}.${IMAGE_EXTENSIONS[mime] ?? 'bin'}`;
}

/**
 * Keeps a picture in `dir` (the data directory's images folder), owner-only like every file
 * g4f-chat keeps; the same picture saved twice in one second is the same file. Returns its path.
 */
export async function saveImageFile(dir: string, bytes: Uint8Array, mime: string, now = new Date()): Promise<string> {
  await ensurePrivateDir(dir);
  const path = join(dir, imageFileName(bytes, mime, now));
  await writeFile(path, bytes, { mode: 0o600 });
  return path;
}
