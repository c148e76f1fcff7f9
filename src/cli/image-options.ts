import { open } from 'node:fs/promises';
import { UsageError } from '../ground/errors.js';
import { imageMediaType } from '../input/image-types.js';
import { ImageOptionRefusedError } from '../core/images/image-chain.js';
import type { ImageOption, InputImage } from '../providers/images/image-api.js';

/** Most bytes of a picture given to edit (OpenAI's own bound for one). */
export const MAX_INPUT_IMAGE_BYTES = 50 * 1024 * 1024;

/**
 * The picture to edit (`-f`): a PNG, JPEG, GIF or WebP file (told by its first bytes, not its
 * name) of at most 50 MB, read without reading past that.
 */
export async function readInputImage(path: string): Promise<InputImage> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`-f ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})`}`);
  }
  try {
    const size = (await handle.stat()).size;
    if (size > MAX_INPUT_IMAGE_BYTES) throw new UsageError(`-f ${path} is ${Math.round(size / 1024 / 1024)} MB; pictures of at most ${MAX_INPUT_IMAGE_BYTES / 1024 / 1024} MB are sent`);
    const bytes = new Uint8Array(size);
    const { bytesRead } = await handle.read(bytes, 0, size, 0);
    const picture = bytes.subarray(0, bytesRead);
    const mime = imageMediaType(picture);
    if (!mime) throw new UsageError(`-f ${path} is not a PNG, JPEG, GIF or WebP picture`);
    return { bytes: picture, mime };
  } finally {
    await handle.close();
  }
}

/** The flag that asks for each option. */
const OPTION_FLAG: Readonly<Record<ImageOption, string>> = { seed: '--seed', quality: '--quality', 'input-image': '-f (a picture to edit)' };

/** An option no provider of the chain takes, said with its flag and who does take it. */
export function wordOptionRefusal(error: unknown): unknown {
  if (!(error instanceof ImageOptionRefusedError)) return error;
  return new UsageError(`${error.provider}'s image API takes no ${OPTION_FLAG[error.option]}`, `providers whose image API takes it: ${error.takers.join(', ')} (-p NAME), or leave it out`);
}
