import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ImageFile } from '../ground/types.js';
import { saveImageFile } from './image-files.js';

/** Most bytes of a kept picture read back (the header check refuses more anyway). */
const MAX_READ_BYTES = 64 * 1024 * 1024;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Keeps a picture that arrived (an answer's, a tool result's) in the images folder `dir`,
 * owner-only, and returns what history stores of it: path, SHA-256 and media type.
 */
export async function keepImageFile(dir: string, bytes: Uint8Array, mime: string, now = new Date()): Promise<ImageFile> {
  const path = await saveImageFile(dir, bytes, mime, now);
  return { path, sha256: sha256(bytes), mime };
}

/** A kept picture read back: its bytes when the file is there and still the one kept. */
export type KeptImage = { state: 'ok'; bytes: Uint8Array } | { state: 'gone' } | { state: 'changed' };

/**
 * Reads a kept picture for showing again: `gone` when the file is missing (or unreadable, or
 * not a file), `changed` when its bytes no longer have the SHA-256 history stored (or it grew
 * past any picture's size); only then are the bytes handed back.
 */
export async function readKeptImage(file: Pick<ImageFile, 'path' | 'sha256'>): Promise<KeptImage> {
  let handle;
  try {
    // Non-blocking, so a path that has become a FIFO is found not to be a file instead of waited on.
    handle = await open(file.path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return { state: 'gone' };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { state: 'gone' };
    if (info.size > MAX_READ_BYTES) return { state: 'changed' };
    const bytes = await handle.readFile();
    return sha256(bytes) === file.sha256.toLowerCase() ? { state: 'ok', bytes } : { state: 'changed' };
  } catch {
    return { state: 'gone' };
  } finally {
    await handle.close();
  }
}
