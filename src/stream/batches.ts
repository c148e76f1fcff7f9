interface ChunkDecoder<T> {
  push(bytes: Uint8Array): T[];
  end(): T[];
}

/** Runs a body through a decoder, yielding what each network chunk completes, as one batch. */
export async function* decodeBatches<T>(body: AsyncIterable<Uint8Array>, decoder: ChunkDecoder<T>): AsyncGenerator<T[]> {
  for await (const chunk of body) {
    const items = decoder.push(chunk);
    if (items.length > 0) yield items;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}
