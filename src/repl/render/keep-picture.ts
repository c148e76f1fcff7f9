import { ImageRefusedError, toG4fError } from '../../ground/errors.js';
import { sanitizeLabel } from '../../ground/terminal-safe-text.js';
import type { ImageFile } from '../../ground/types.js';
import { IMAGE_LIMITS, inspectImage } from '../../images/inspect-image.js';
import type { ShowImageOptions, ShowMode } from '../../images/show-image.js';
import { keepImageFile } from '../../store/kept-images.js';

/** A picture as it arrived: base64 (an answer's part, a tool result's content) or bytes (/image's), with the type it claimed. */
export type ArrivedPicture = { mime: string; data: string } | { mime: string; bytes: Uint8Array };

/** What a line about a picture says: where it was saved, or why it was not shown or not saved. */
export type PictureNote = 'saved' | 'refused' | 'not-saved';

export interface PictureKeeperOptions {
  /** The data directory's images folder. */
  dir: string;
  /** The terminal the picture is drawn on. */
  out: ShowImageOptions['out'];
  /** How it is drawn: asked once, at the first picture ('none' in a pipe or with --json: saved only). */
  mode(): Promise<ShowMode>;
  /** One line for the person: `image from gemini saved: PATH`, or the one reason it was refused. */
  say(line: string, note: PictureNote): void;
}

/** Keeps one picture; resolves to what history stores of it, or undefined when refused or not saved. */
export type PictureKeeper = (picture: ArrivedPicture, from: string) => Promise<ImageFile | undefined>;

/** The most base64 a picture within IMAGE_LIMITS can take: more is refused before decoding. */
const MAX_BASE64_CHARS = Math.ceil(IMAGE_LIMITS.bytes / 3) * 4 + 4;

/**
 * Pictures wherever they arrive, the same way: the header checked before anything is decoded
 * or drawn (a refused one is one line naming why, and is neither drawn nor saved), drawn on the
 * terminal where the mode says so, then saved in the images folder with its path said.
 */
export function pictureKeeper(options: PictureKeeperOptions): PictureKeeper {
  let mode: Promise<ShowMode> | undefined;
  return async (picture, from) => {
    const source = sanitizeLabel(from);
    let bytes: Uint8Array;
    let mime: string;
    try {
      bytes = 'bytes' in picture ? picture.bytes : decodePicture(picture.data);
      mime = inspectImage(bytes).mime;
      const how = await (mode ??= options.mode());
      if (how !== 'none') {
        const { showImage } = await import('../../images/show-image.js');
        await showImage(bytes, { show: how, out: options.out });
      }
    } catch (error) {
      if (!(error instanceof ImageRefusedError)) throw error;
      options.say(`image from ${source}: ${sanitizeLabel(error.message)}`, 'refused');
      return undefined;
    }
    try {
      const file = await keepImageFile(options.dir, bytes, mime);
      options.say(`image from ${source} saved: ${sanitizeLabel(file.path)}`, 'saved');
      return file;
    } catch (error) {
      options.say(`image from ${source} not saved: ${sanitizeLabel(toG4fError(error).message)}`, 'not-saved');
      return undefined;
    }
  };
}

/** Base64 (a `data:` URL's prefix tolerated) to bytes, refused unread when it is larger than any picture allowed. */
function decodePicture(data: string): Uint8Array {
  const b64 = data.replace(/^data:[^,]*;base64,/, '');
  if (b64.length > MAX_BASE64_CHARS) {
    throw new ImageRefusedError('too-large', `about ${((b64.length * 3) / 4 / 1024 / 1024).toFixed(1)} MB is more than the ${IMAGE_LIMITS.bytes / 1024 / 1024} MB allowed`);
  }
  return Buffer.from(b64, 'base64');
}
