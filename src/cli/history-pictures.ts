import { ImageRefusedError } from '../ground/errors.js';
import { sanitizeLabel } from '../ground/terminal-safe-text.js';
import type { ImageFile } from '../ground/types.js';
import { detectImageProtocol } from '../images/detect-protocol.js';
import type { ShowMode } from '../images/show-image.js';
import { readKeptImage } from '../store/kept-images.js';

/** The pictures a stored message names, those whose record holds together (a path, a SHA-256, a type). */
export function storedPictures(message: { imageFiles?: unknown }): ImageFile[] {
  if (!Array.isArray(message.imageFiles)) return [];
  return message.imageFiles.filter(
    (f): f is ImageFile => typeof f?.path === 'string' && f.path.length > 0 && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(f.sha256) && typeof f.mime === 'string',
  );
}

/** How `history show` draws pictures: --show, else what the terminal says; none in a pipe. */
export async function historyPictureMode(show: ShowMode | undefined): Promise<ShowMode> {
  if (!process.stdout.isTTY) return 'none';
  return show ?? detectImageProtocol({ env: process.env, input: process.stdin.isTTY ? process.stdin : undefined, out: process.stdout });
}

/**
 * One saved picture again: drawn when the mode draws and the file is there with the hash it was
 * saved with; otherwise (or after drawing) the one line that names it, says it is gone or
 * changed, or why it was not drawn. The line is returned for the caller to write.
 */
export async function showStoredPicture(file: ImageFile, mode: ShowMode, out: NodeJS.WriteStream): Promise<string> {
  const path = sanitizeLabel(file.path);
  const kept = await readKeptImage(file);
  if (kept.state === 'gone') return `[image ${path}: the file is gone]`;
  if (kept.state === 'changed') return `[image ${path}: the file has changed since it was saved; not shown]`;
  if (mode === 'none') return `[image ${sanitizeLabel(file.mime)}: ${path}]`;
  try {
    const { showImage } = await import('../images/show-image.js');
    await showImage(kept.bytes, { show: mode, out });
  } catch (error) {
    if (error instanceof ImageRefusedError) return `[image ${path}: ${sanitizeLabel(error.message)}]`;
    throw error;
  }
  return `[image ${path}]`;
}
