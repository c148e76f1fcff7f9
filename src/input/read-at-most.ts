/**
 * A stream whole, refusing (with `tooLarge(atLeast)`) as soon as it passes `limit` bytes:
 * whatever a file, a server or a pipe holds, no more than the limit is ever kept. Leaving
 * early closes the source (its iterator's return).
 */
export async function readAtMost(source: AsyncIterable<Uint8Array | string>, limit: number, tooLarge: (atLeast: number) => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += bytes.length;
    if (size > limit) throw tooLarge(size);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
