/**
 * Image formats every vision API takes (PNG, JPEG, GIF, WebP), told by their first bytes
 * rather than a file's name, so a `.png` that is not one is never sent as an image.
 */
export function imageMediaType(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  // RIFF....WEBP
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return undefined;
}

/** Names that mean an image: a file so named that is not one is said to be broken. */
export const IMAGE_NAME = /\.(png|jpe?g|gif|webp)$/i;
