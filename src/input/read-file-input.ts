import { open } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import { imageMediaType, IMAGE_NAME } from './image-types.js';
import type { InputBudget } from './input-budget.js';
import type { ImageAttachment, TextAttachment } from './input-types.js';
import { decodeText, formatBytes } from './text-bytes.js';

export type FileRead = { text: TextAttachment } | { image: ImageAttachment } | { binary: true };

/**
 * One file: an image (told by its first bytes) or UTF-8 text; anything else is binary.
 * Its size is checked before it is read, so a large file costs no memory.
 */
export async function readFileInput(path: string, label: string, size: number, budget: InputBudget, options: { maxImageBytes: number; imagesAllowed: boolean }): Promise<FileRead> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, 12, 0);
    const mediaType = imageMediaType(head.subarray(0, bytesRead));
    if (mediaType) {
      if (!options.imagesAllowed) return { binary: true };
      if (size > options.maxImageBytes) throw new UsageError(`${label} is ${formatBytes(size)}; images of at most ${formatBytes(options.maxImageBytes)} are sent`, 'make it smaller (a screenshot of the part that matters)');
      const data = await handle.readFile();
      return { image: { label, image: { mediaType, data: data.toString('base64') }, bytes: data.length } };
    }
    if (options.imagesAllowed && IMAGE_NAME.test(label)) throw new UsageError(`${label} is named as an image but is not a PNG, JPEG, GIF or WebP one`);
    budget.take(size, label);
    const bytes = await handle.readFile();
    const decoded = decodeText(bytes);
    if ('binary' in decoded) {
      budget.used -= size;
      return { binary: true };
    }
    return { text: { label, content: decoded.text } };
  } finally {
    await handle.close();
  }
}
