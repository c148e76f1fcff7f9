import { ImageRefusedError } from '../ground/errors.js';

/** What an image's header says, read before anything is decoded. */
export interface ImageFacts {
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  width: number;
  height: number;
  bytes: number;
}

/** Reads only the header; throws ImageRefusedError for anything unknown, malformed or too big. */
export function inspectImage(bytes: Uint8Array): ImageFacts {
  throw new ImageRefusedError('unknown-format', `not yet implemented (${bytes.length} bytes)`);
}
