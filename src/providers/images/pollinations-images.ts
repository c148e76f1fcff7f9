import { randomInt } from 'node:crypto';
import { HttpStatusError, ProtocolError } from '../../ground/errors.js';
import { call } from '../call.js';
import type { GeneratedImage, ImageApi, ImageCallContext, ImageRequest, ImageResult } from './image-api.js';
import { MAX_IMAGE_BYTES, readBytes } from './image-bytes.js';

/** The text provider's default host; its pictures come from the legacy image host beside it. */
const TEXT_HOST = 'https://text.pollinations.ai';
const IMAGE_HOST = 'https://image.pollinations.ai';
/** With a key of one's own: the Gen API's image route (LEGACY_MIGRATION.md's route table). */
const KEYED_IMAGE = 'https://gen.pollinations.ai/image';

/**
 * Pollinations' pictures (pollinations/pollinations `LEGACY_MIGRATION.md` and
 * `shared/legacy-migration.js`): the legacy `GET https://image.pollinations.ai/prompt/{prompt}`
 * "keeps working for existing anonymous callers", rate limited (anonymous: one request at a time
 * per address, `image.pollinations.ai/src/index.ts` QUEUE_CONFIG), with `model`, `seed`, `width`,
 * `height`, `quality` and `private` as query parameters (`image.pollinations.ai/src/params.ts`);
 * the answer is the picture itself. Errors come back as a picture too (HTTP 200) with
 * `X-Error-Type`, `X-Error-Status`, `X-Error-Message` and `X-Rate-Limited`: those are failures,
 * never a picture to show. Anonymous use of the newer gen.pollinations.ai is its catalogue only;
 * with POLLINATIONS_API_KEY its `GET /image/{prompt}` is used with `Authorization: Bearer`.
 * Without `seed` the service uses 42 (the same picture for the same prompt), so a random one is sent.
 */
export const pollinationsImages: ImageApi = {
  defaultModel: 'flux',
  models: ['flux', 'turbo'],
  takes: new Set(['seed', 'quality']),
  inAuto: true,
  terms: 'anonymous, rate limited (one picture at a time per address); sent with private=true, kept off its public feed',
  async generate(req: ImageRequest, ctx: ImageCallContext): Promise<ImageResult> {
    const images: GeneratedImage[] = [];
    for (let i = 0; i < req.n; i++) {
      if (req.n > 1) ctx.onStatus?.(`pollinations: picture ${i + 1} of ${req.n}`);
      images.push(await drawOnce(req, req.seed === undefined ? randomInt(0, 2 ** 31) : req.seed + i, ctx));
    }
    return { images, model: req.model };
  },
};

async function drawOnce(req: ImageRequest, seed: number, ctx: ImageCallContext): Promise<GeneratedImage> {
  const keyed = Boolean(ctx.apiKey) && ctx.baseURL === TEXT_HOST;
  const base = keyed ? KEYED_IMAGE : `${ctx.baseURL === TEXT_HOST ? IMAGE_HOST : ctx.baseURL}/prompt`;
  const query = new URLSearchParams({ model: req.model, seed: String(seed), private: 'true' });
  if (req.size) {
    query.set('width', String(req.size.width));
    query.set('height', String(req.size.height));
  }
  if (req.quality) query.set('quality', req.quality);
  const response = await call(ctx, `${base}/${encodeURIComponent(req.prompt)}?${query}`, {
    method: 'GET',
    headers: { accept: 'image/*', ...(ctx.apiKey ? { authorization: `Bearer ${ctx.apiKey}` } : {}) },
  });
  const failure = errorPicture(response.headers);
  if (failure) {
    response.close();
    throw failure;
  }
  const type = (response.headers['content-type'] ?? '').split(';')[0].trim();
  if (!type.startsWith('image/')) {
    response.close();
    throw new ProtocolError(`pollinations: the answer is ${type || 'untyped'}, not a picture`);
  }
  return { bytes: await readBytes(response, MAX_IMAGE_BYTES, 'the picture from pollinations'), mime: type };
}

/** A picture sent in place of an error (HTTP 200): the failure its headers name. */
export function errorPicture(headers: Record<string, string>): HttpStatusError | undefined {
  const limited = /^(true|1)$/i.test(headers['x-rate-limited'] ?? '');
  const type = headers['x-error-type'];
  if (!limited && !type && !headers['x-error-message'] && !headers['x-error-status']) return undefined;
  const status = Number(headers['x-error-status']);
  const code = limited ? 429 : Number.isInteger(status) && status >= 400 && status <= 599 ? status : 502;
  const message = [type, headers['x-error-message']].filter(Boolean).join(': ') || (limited ? 'rate limited' : 'an error picture');
  const retryAfter = Number(headers['retry-after']);
  return new HttpStatusError(code, `pollinations sent an error picture (${message.slice(0, 300)})`, Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {});
}
