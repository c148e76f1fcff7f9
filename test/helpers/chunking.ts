/** Every way to cut `bytes` in two: [bytes[0..i], bytes[i..]] for each offset i. */
export function* everySplit(bytes: Uint8Array): Generator<Uint8Array[]> {
  for (let i = 0; i <= bytes.length; i++) yield [bytes.subarray(0, i), bytes.subarray(i)];
}

/** One chunk per byte: the harshest chunking a server can produce. */
export function bytewise(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
}

/** Bytes cut at the given offsets (each taken modulo the length + 1; repeats and order do not matter). */
export function cutAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

export const utf8 = (text: string) => new TextEncoder().encode(text);

/** Runs chunks through a decoder with push/end and collects everything it gives. */
export function decodeAll<T>(decoder: { push(b: Uint8Array): T[]; end(): T[] }, chunks: Iterable<Uint8Array>): T[] {
  const out: T[] = [];
  for (const chunk of chunks) out.push(...decoder.push(chunk));
  out.push(...decoder.end());
  return out;
}
