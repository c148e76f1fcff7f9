import { afterEach, describe, expect, it } from 'vitest';
import { HttpStatusError, ProtocolError, UsageError } from '../../src/ground/errors.js';
import type { ImageCallContext } from '../../src/providers/images/image-api.js';
import { geminiImages, imageConfigOf } from '../../src/providers/images/gemini-images.js';
import { pollinationsImages } from '../../src/providers/images/pollinations-images.js';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { jsonOf, rawServer, sendBytes, sendJsonRaw } from '../helpers/image-stand-ins.js';
import { jpegFile, pngFile } from '../images/pictures.js';

afterEach(closeStartedServers);

const ctx = (baseURL: string, extra: Partial<ImageCallContext> = {}): ImageCallContext => ({ baseURL, signal: new AbortController().signal, timeoutMs: 5000, ...extra });
const png = pngFile(5, 5);
const b64 = Buffer.from(png).toString('base64');

/**
 * Gemini's image models as documented (ai.google.dev/gemini-api/docs/image-generation; js-genai
 * src/types.ts GenerationConfig.responseModalities, ImageConfig, Part.inlineData): the picture
 * comes back as an `inlineData` part beside text parts.
 */
describe("Gemini's image models", () => {
  const answer = (parts: unknown[], extra: Record<string, unknown> = {}) => ({ candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP' }], modelVersion: 'gemini-3.1-flash-image-preview', ...extra });

  it('asks generateContent for TEXT and IMAGE; reads the inlineData picture and keeps the words apart', async () => {
    const upstream = await rawServer((_req, res) => sendJsonRaw(res, 200, answer([{ text: 'Here is your lighthouse.' }, { inlineData: { mimeType: 'image/png', data: b64 } }])));
    const result = await geminiImages.generate({ prompt: 'a lighthouse', model: 'gemini-3.1-flash-image-preview', n: 1, size: { width: 1536, height: 1024 }, seed: 5 }, ctx(upstream.url, { apiKey: 'AIza-test-key-123456' }));
    expect(Buffer.from(result.images[0].bytes)).toEqual(Buffer.from(png));
    expect(result.images[0].mime).toBe('image/png');
    expect(result.text).toBe('Here is your lighthouse.');
    const [request] = upstream.requests;
    expect(request.url).toBe('/models/gemini-3.1-flash-image-preview:generateContent');
    expect(request.headers['x-goog-api-key']).toBe('AIza-test-key-123456');
    expect(jsonOf(request)).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'a lighthouse' }] }],
      generationConfig: { responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '3:2', imageSize: '2K' }, seed: 5 },
    });
  });

  it('a picture to edit goes first in the turn as inlineData; -n asks n times with seed, seed+1', async () => {
    const upstream = await rawServer((_req, res) => sendJsonRaw(res, 200, answer([{ inline_data: { mime_type: 'image/png', data: b64 } }])));
    const input = jpegFile(6, 6);
    const result = await geminiImages.generate({ prompt: 'at night', model: 'gemini-3-pro-image-preview', n: 2, seed: 10, inputImage: { bytes: input, mime: 'image/jpeg' } }, ctx(upstream.url));
    expect(result.images).toHaveLength(2);
    const bodies = upstream.requests.map(jsonOf) as Array<{ contents: Array<{ parts: unknown[] }>; generationConfig: { seed: number } }>;
    expect(bodies.map((b) => b.generationConfig.seed)).toEqual([10, 11]);
    expect(bodies[0].contents[0].parts).toEqual([{ inlineData: { mimeType: 'image/jpeg', data: Buffer.from(input).toString('base64') } }, { text: 'at night' }]);
  });

  it('an answer without a picture is a failure naming why (the finish reason, the words said)', async () => {
    const upstream = await rawServer((_req, res) => sendJsonRaw(res, 200, { candidates: [{ content: { parts: [{ text: 'I cannot draw that.' }] }, finishReason: 'IMAGE_SAFETY' }] }));
    const error = await geminiImages.generate({ prompt: 'x', model: 'm', n: 1 }, ctx(upstream.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toBe('gemini: no image in the answer (IMAGE_SAFETY): I cannot draw that.');
  });

  it('--size becomes an aspect ratio Gemini draws and 1K/2K/4K by the longer side; another ratio is refused by name', () => {
    expect(imageConfigOf({ width: 1024, height: 1024 })).toEqual({ aspectRatio: '1:1', imageSize: '1K' });
    expect(imageConfigOf({ width: 3840, height: 2160 })).toEqual({ aspectRatio: '16:9', imageSize: '4K' });
    expect(() => imageConfigOf({ width: 1000, height: 300 })).toThrow(UsageError);
    expect(() => imageConfigOf({ width: 1000, height: 300 })).toThrow(/aspect ratio 10:3/);
  });
});

/**
 * Pollinations' legacy image host as its operator documents it (pollinations/pollinations
 * LEGACY_MIGRATION.md: `GET https://image.pollinations.ai/prompt/{prompt}`, anonymous allowed and
 * rate limited, errors answered as a picture with X-Error-* headers; query parameters from
 * image.pollinations.ai/src/params.ts).
 */
describe("Pollinations' pictures", () => {
  it('GET /prompt/{prompt} with model, seed, size, quality and private=true; the picture is the body', async () => {
    const upstream = await rawServer((_req, res) => sendBytes(res, png, 'image/jpeg'));
    const result = await pollinationsImages.generate({ prompt: 'a lighthouse / at dusk?', model: 'flux', n: 1, seed: 42, size: { width: 768, height: 512 }, quality: 'high' }, ctx(upstream.url));
    expect(Buffer.from(result.images[0].bytes)).toEqual(Buffer.from(png));
    const url = new URL(upstream.requests[0].url, upstream.url);
    expect(upstream.requests[0].method).toBe('GET');
    expect(url.pathname).toBe(`/prompt/${encodeURIComponent('a lighthouse / at dusk?')}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ model: 'flux', seed: '42', private: 'true', width: '768', height: '512', quality: 'high' });
    expect(upstream.requests[0].headers.authorization).toBeUndefined();
  });

  it('without --seed each picture gets its own random seed (the service would use 42 for all)', async () => {
    const upstream = await rawServer((_req, res) => sendBytes(res, png, 'image/png'));
    const statuses: string[] = [];
    await pollinationsImages.generate({ prompt: 'p', model: 'flux', n: 3 }, ctx(upstream.url, { onStatus: (text) => statuses.push(text) }));
    const seeds = upstream.requests.map((r) => new URL(r.url, upstream.url).searchParams.get('seed'));
    expect(seeds.every((seed) => /^\d+$/.test(seed ?? ''))).toBe(true);
    expect(new Set(seeds).size).toBe(3);
    expect(statuses).toEqual(['pollinations: picture 1 of 3', 'pollinations: picture 2 of 3', 'pollinations: picture 3 of 3']);
  });

  it('an error picture (HTTP 200 with X-Error-* headers) is a failure, never a picture; X-Rate-Limited is a retryable 429', async () => {
    const failing = await rawServer((_req, res) => sendBytes(res, png, 'image/png', { 'x-error-type': 'ContentPolicy', 'x-error-status': '400', 'x-error-message': 'prompt refused' }));
    const error = await pollinationsImages.generate({ prompt: 'p', model: 'flux', n: 1 }, ctx(failing.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(400);
    expect((error as Error).message).toContain('ContentPolicy: prompt refused');
    const limited = await rawServer((_req, res) => sendBytes(res, png, 'image/png', { 'x-rate-limited': 'true', 'retry-after': '30' }));
    const busy = (await pollinationsImages.generate({ prompt: 'p', model: 'flux', n: 1 }, ctx(limited.url)).catch((e: unknown) => e)) as HttpStatusError;
    expect([busy.status, busy.retryable, busy.retryAfterSeconds]).toEqual([429, true, 30]);
  });

  it('an answer that is not a picture is refused; a key goes as a bearer token', async () => {
    const upstream = await rawServer((_req, res) => sendJsonRaw(res, 200, { message: 'queue full' }));
    await expect(pollinationsImages.generate({ prompt: 'p', model: 'flux', n: 1 }, ctx(upstream.url, { apiKey: 'sk_poll_1234567890' }))).rejects.toThrow(/application\/json, not a picture/);
    expect(upstream.requests[0].headers.authorization).toBe('Bearer sk_poll_1234567890');
  });
});

/**
 * gpt4free's gateways proxy `/api/{route}/images/generations` too, but every anonymous POST there
 * passes applyAnonymousCreditGate first (gpt4free/g4f.dev `workers/api-worker.js`: 402
 * `insufficient_credits` unless the caller's address holds proof-of-work "cake" credits), and
 * the pictures are drawn on the operator's own Pollinations key (`workers/pollinations.js`,
 * handleImageGeneration): not anonymous without a check, so no gateway route has an image API.
 */
describe('keyless routes without an image API', () => {
  it("gpt4free's gateway routes, and NVIDIA's OpenAI-compatible base, are skipped for pictures", async () => {
    const { builtinProviders } = await import('../../src/providers/registry.js');
    const { imageApiOf } = await import('../../src/providers/images/image-apis.js');
    const withImages = builtinProviders.filter((provider) => imageApiOf(provider)).map((provider) => provider.id);
    expect(withImages).toEqual(['openai', 'gemini', 'together', 'deepinfra', 'pollinations']);
  });
});
