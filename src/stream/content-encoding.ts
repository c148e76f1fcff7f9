import { once } from 'node:events';
import type { Transform } from 'node:stream';
import { ProtocolError } from '../ground/errors.js';

/**
 * Undoes `Content-Encoding: gzip | deflate | br` as the body streams: each network chunk's
 * bytes come out as soon as they decode (a sync flush), so a compressed event stream
 * still arrives token by token. Identity and absent encodings pass through untouched.
 */
export function decodeContentEncoding(body: AsyncIterable<Uint8Array>, encoding: string | undefined): AsyncIterable<Uint8Array> {
  const codec = encoding?.trim().toLowerCase();
  // Uncompressed (nearly always): the body itself, with no extra step per chunk.
  if (!codec || codec === 'identity') return body;
  return decode(body, codec);
}

async function* decode(body: AsyncIterable<Uint8Array>, codec: string): AsyncGenerator<Uint8Array> {
  const decoder = await decoderFor(codec);
  if (!decoder) throw new ProtocolError(`the answer is encoded as "${codec}", which g4f-chat cannot decode`);
  let failure: unknown;
  const pump = (async () => {
    try {
      for await (const chunk of body) {
        if (!decoder.write(chunk)) await once(decoder, 'drain');
      }
      decoder.end();
    } catch (error) {
      failure = error;
      decoder.destroy();
    }
  })();
  try {
    for await (const chunk of decoder) yield chunk as Uint8Array;
  } catch (error) {
    if (failure) throw failure;
    throw new ProtocolError(`the answer's ${codec} encoding is damaged: ${(error as Error).message}`, error);
  } finally {
    decoder.destroy();
    await pump;
  }
  if (failure) throw failure;
}

/** node:zlib is loaded only for an encoded answer: nearly every stream is plain. */
async function decoderFor(codec: string): Promise<Transform | undefined> {
  const { constants, createBrotliDecompress, createGunzip, createInflate } = await import('node:zlib');
  if (codec === 'gzip' || codec === 'x-gzip') return createGunzip({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH });
  if (codec === 'deflate') return createInflate({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH });
  if (codec === 'br') return createBrotliDecompress({ flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH });
  return undefined;
}
