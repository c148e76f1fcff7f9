// The image codecs, loaded on first use so that no command pays for them until an image is
// drawn. All three are CommonJS: in the CLI's bundle (esbuild, ESM, split into chunks) a dynamic
// import of one yields its module.exports as `default` only, so `default` is read, as Node's
// own loader also provides it.

/** pngjs: PNG decoding and encoding. */
export async function loadPng(): Promise<typeof import('pngjs').PNG> {
  return (await import('pngjs')).default.PNG;
}

/** jpeg-js: JPEG decoding. */
export async function loadJpeg(): Promise<typeof import('jpeg-js').decode> {
  return (await import('jpeg-js')).default.decode;
}

/** The `sixel` package's encoder (its WebAssembly decoder is never loaded). */
export async function loadSixelEncoder(): Promise<typeof import('sixel/lib/SixelEncoder.js').image2sixel> {
  // Its bundled UPNG.js assigns an undeclared global (`module.exports = UPNG = {}`), which
  // throws in strict code such as the ESM bundle unless that global already exists.
  if (!('UPNG' in globalThis)) Object.assign(globalThis, { UPNG: undefined });
  return (await import('sixel/lib/SixelEncoder.js')).default.image2sixel;
}
