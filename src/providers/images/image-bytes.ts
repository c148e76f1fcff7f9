import { ProtocolError } from '../../ground/errors.js';
import { USER_AGENT } from '../../ground/version.js';
import { send, type HttpResponse } from '../../stream/http.js';
import type { ImageCallContext } from './image-api.js';

/** Most bytes one picture may have (OpenAI's own bound for an uploaded one); more is refused unread. */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

/** Most bytes of a JSON answer carrying pictures in base64 (ten of the largest, with room). */
export const MAX_IMAGE_ANSWER_BYTES = 160 * 1024 * 1024;

const MAX_REDIRECTS = 3;

/** A body whole, refused as soon as it passes `limit` (a declared length past it: before any is read). */
export async function readBytes(response: HttpResponse, limit: number, what: string): Promise<Uint8Array> {
  const declared = Number(response.headers['content-length'] ?? NaN);
  const tooLarge = () => new ProtocolError(`${what} is larger than ${Math.round(limit / 1024 / 1024)} MiB; not read`);
  if (Number.isFinite(declared) && declared > limit) {
    response.close();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A JSON answer that carries pictures: read within its own (larger) bound, then parsed. */
export async function readImageJson(response: HttpResponse, provider: string): Promise<unknown> {
  const text = Buffer.from(await readBytes(response, MAX_IMAGE_ANSWER_BYTES, `${provider}'s answer`)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new ProtocolError(`${provider}: the image answer is not JSON`);
  }
}

/** Base64 as an API sends a picture (a `data:` URL's prefix tolerated), bounded before decoding. */
export function decodeBase64Image(data: unknown, provider: string): Uint8Array {
  if (typeof data !== 'string' || data.length === 0) throw new ProtocolError(`${provider}: an image in the answer has no data`);
  const b64 = data.replace(/^data:[^,]*;base64,/, '');
  if (b64.length > Math.ceil(MAX_IMAGE_BYTES / 3) * 4) throw new ProtocolError(`${provider}: an image in the answer is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MiB`);
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64.replace(/\s+/g, ''))) throw new ProtocolError(`${provider}: an image in the answer is not base64`);
  return Buffer.from(b64, 'base64');
}

/**
 * Fetches a picture the answer points at (`data[].url`), following a few redirects. Only the
 * trusted origin (a server the user chose) may be at an internal address; every other URL,
 * and every hop away from that origin, must lead to a public one (checked on the address
 * connected to). No credentials go with it.
 */
export async function fetchImageUrl(address: string, ctx: ImageCallContext, provider: string): Promise<{ bytes: Uint8Array; mime: string }> {
  let current: URL;
  try {
    current = new URL(address);
  } catch {
    throw new ProtocolError(`${provider}: an image URL in the answer is not a URL`);
  }
  for (let hop = 0; ; hop++) {
    if (!/^https?:$/.test(current.protocol)) throw new ProtocolError(`${provider}: an image URL in the answer is ${current.protocol}, which is not fetched`);
    const trusted = ctx.trustedOrigin !== undefined && current.origin === ctx.trustedOrigin;
    const response = await send({
      url: current.href,
      method: 'GET',
      headers: { 'user-agent': USER_AGENT, accept: 'image/*' },
      signal: ctx.signal,
      timeoutMs: ctx.timeoutMs,
      proxy: ctx.proxy,
      returnRedirects: true,
      internalAddresses: trusted ? undefined : 'refuse',
    });
    if (response.status >= 300 && response.status <= 399) {
      response.close();
      if (hop >= MAX_REDIRECTS) throw new ProtocolError(`${provider}: an image URL redirects more than ${MAX_REDIRECTS} times`);
      current = new URL(response.headers.location!, current);
      continue;
    }
    const bytes = await readBytes(response, MAX_IMAGE_BYTES, `an image from ${current.host}`);
    return { bytes, mime: (response.headers['content-type'] ?? '').split(';')[0].trim() || 'application/octet-stream' };
  }
}
