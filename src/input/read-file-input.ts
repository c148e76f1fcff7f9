import { open } from 'node:fs/promises';
import { UsageError } from '../ground/errors.js';
import { imageMediaType, IMAGE_NAME } from './image-types.js';
import type { InputBudget } from './input-budget.js';
import type { ImageAttachment, TextAttachment } from './input-types.js';
import { readAtMost } from './read-at-most.js';
import { decodeText, formatBytes } from './text-bytes.js';

export type FileRead = { text: TextAttachment; bytes: number } | { image: ImageAttachment } | { binary: true };

/**
 * One file: an image (told by its first bytes) or UTF-8 text; anything else is binary.
 * Its size is checked before it is read, so a large file costs no memory, and the read
 * itself stops at the limit (a file still growing, a device, a FIFO).
 */
export async function readFileInput(path: string, label: string, size: number, budget: InputBudget, options: { maxImageBytes: number; imagesAllowed: boolean }): Promise<FileRead> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, 12, 0);
    const whole = (limit: number, tooLarge: (atLeast: number) => Error) => readAtMost(handle.createReadStream({ start: 0, autoClose: false }), limit, tooLarge);
    const mediaType = imageMediaType(head.subarray(0, bytesRead));
    if (mediaType) {
      if (!options.imagesAllowed) return { binary: true };
      const tooLarge = (atLeast: number) => new UsageError(`${label} is ${formatBytes(atLeast)}; images of at most ${formatBytes(options.maxImageBytes)} are sent`, 'make it smaller (a screenshot of the part that matters)');
      if (size > options.maxImageBytes) throw tooLarge(size);
      const data = await whole(options.maxImageBytes, tooLarge);
      return { image: { label, image: { mediaType, data: data.toString('base64') }, bytes: data.length } };
    }
    if (options.imagesAllowed && IMAGE_NAME.test(label)) throw new UsageError(`${label} is named as an image but is not a PNG, JPEG, GIF or WebP one`);
    if (size > budget.remaining) throw budget.refuse(size, label);
    const bytes = await whole(budget.remaining, (atLeast) => budget.refuse(atLeast, label));
    const decoded = decodeText(bytes);
    if ('binary' in decoded) return { binary: true };
    budget.take(bytes.length, label);
    return { text: { label, content: decoded.text }, bytes: bytes.length };
  } finally {
    await handle.close();
  }
}

/**
 * The text files among `files` (a folder's or a glob's), binaries left out, and the line
 * that says what was attached: `attached src: 3 files, 32 bytes (left out 2 binary, …)`.
 */
export async function readTextFiles(files: ReadonlyArray<{ path: string; label: string; size: number }>, budget: InputBudget, what: string, leftOut: string[] = []): Promise<{ texts: TextAttachment[]; note: string }> {
  const texts: TextAttachment[] = [];
  let binaries = 0;
  let bytes = 0;
  for (const file of files) {
    const read = await readFileInput(file.path, file.label, file.size, budget, { maxImageBytes: 0, imagesAllowed: false });
    if ('text' in read) {
      texts.push(read.text);
      bytes += read.bytes;
    } else binaries++;
  }
  const left = [binaries ? `${binaries} binary` : '', ...leftOut].filter(Boolean).join(', ');
  return { texts, note: `attached ${what}: ${texts.length} file${texts.length === 1 ? '' : 's'}, ${formatBytes(bytes)}${left ? ` (left out ${left})` : ''}` };
}
