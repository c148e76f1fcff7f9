import { afterEach, describe, expect, it } from 'vitest';
import { HttpStatusError, ProtocolError } from '../../src/ground/errors.js';
import type { ImageCallContext } from '../../src/providers/images/image-api.js';
import { imageApiOf } from '../../src/providers/images/image-apis.js';
import { openAIImages } from '../../src/providers/images/openai-images.js';
import { InternalAddressError } from '../../src/stream/internal-address.js';
import { openai } from '../../src/providers/openai/openai.js';
import { together } from '../../src/providers/openai/together.js';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { formOf, jsonOf, openAIImagesStandIn, rawServer, sendBytes, sendJsonRaw } from '../helpers/image-stand-ins.js';
import { jpegFile, pngFile } from '../images/pictures.js';

afterEach(closeStartedServers);

const ctx = (baseURL: string, extra: Partial<ImageCallContext> = {}): ImageCallContext => ({ baseURL, apiKey: 'sk-test-images-123456', signal: new AbortController().signal, timeoutMs: 5000, ...extra });
const png = pngFile(4, 3);
const api = imageApiOf(openai)!;

/**
 * Stand-ins follow OpenAI's documented Images API (openai-node `src/resources/images.ts`:
 * ImageGenerateParams, ImageEditParams, ImagesResponse): JSON to `/images/generations`,
 * multipart with `image` to `/images/edits`, `data[]` of `b64_json` or `url`.
 */
describe("OpenAI's images API", () => {
  it('gpt-image-1: the documented body, no response_format (GPT image models always answer in base64), the bytes as sent', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const result = await api.generate({ prompt: 'a lighthouse at dusk', model: 'gpt-image-1', n: 2, size: { width: 1536, height: 1024 }, quality: 'high' }, ctx(upstream.url));
    expect(result.images.map((image) => Buffer.from(image.bytes))).toEqual([Buffer.from(png), Buffer.from(png)]);
    expect(result.model).toBe('gpt-image-1');
    const [request] = upstream.requests;
    expect(request.url).toBe('/images/generations');
    expect(request.headers.authorization).toBe('Bearer sk-test-images-123456');
    expect(jsonOf(request)).toEqual({ model: 'gpt-image-1', prompt: 'a lighthouse at dusk', n: 2, size: '1536x1024', quality: 'high' });
  });

  it('dall-e-3 is asked for b64_json, one picture per request (it makes one), and its revised prompt is kept', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png, { revisedPrompt: 'A tall lighthouse at dusk.' }));
    const result = await api.generate({ prompt: 'lighthouse', model: 'dall-e-3', n: 2 }, ctx(upstream.url));
    expect(result.images).toHaveLength(2);
    expect(result.revisedPrompt).toBe('A tall lighthouse at dusk.');
    expect(upstream.requests.map(jsonOf)).toEqual([
      { model: 'dall-e-3', prompt: 'lighthouse', n: 1, response_format: 'b64_json' },
      { model: 'dall-e-3', prompt: 'lighthouse', n: 1, response_format: 'b64_json' },
    ]);
  });

  it('an edit goes to /images/edits as multipart: the picture in `image` with its type, prompt, model and n as fields', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const input = jpegFile(8, 8);
    await api.generate({ prompt: 'make it night', model: 'gpt-image-1', n: 1, inputImage: { bytes: input, mime: 'image/jpeg' } }, ctx(upstream.url));
    const [request] = upstream.requests;
    expect(request.url).toBe('/images/edits');
    expect(String(request.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    const form = await formOf(request);
    const image = form.get('image') as File;
    expect(image.type).toBe('image/jpeg');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(Buffer.from(input));
    expect([form.get('prompt'), form.get('model'), form.get('n'), form.get('response_format')]).toEqual(['make it night', 'gpt-image-1', '1', null]);
  });

  it("a `url` answer is fetched without the key; at an internal address only from the origin the user chose", async () => {
    const files = await rawServer((_req, res) => sendBytes(res, png, 'image/png'));
    const upstream = await rawServer((_req, res) => sendJsonRaw(res, 200, { created: 1, data: [{ url: `${files.url}/img/1.png` }] }));
    // A provider of the user's own at that address: its own origin may be fetched.
    const local = await api.generate({ prompt: 'p', model: 'dall-e-2', n: 1 }, ctx(upstream.url, { trustedOrigin: files.origin }));
    expect(Buffer.from(local.images[0].bytes)).toEqual(Buffer.from(png));
    expect(files.requests[0].headers.authorization).toBeUndefined();
    // Anyone else's answer pointing at this machine is refused before connecting.
    const refused = api.generate({ prompt: 'p', model: 'dall-e-2', n: 1 }, ctx(upstream.url, { trustedOrigin: upstream.origin }));
    await expect(refused).rejects.toBeInstanceOf(InternalAddressError);
    expect(files.requests).toHaveLength(1);
  });

  it('a redirect from the trusted origin to another internal address is refused', async () => {
    const elsewhere = await rawServer((_req, res) => sendBytes(res, png, 'image/png'));
    const upstream = await rawServer((req, res) => {
      if (req.url === '/images/generations') return sendJsonRaw(res, 200, { created: 1, data: [{ url: `http://127.0.0.1:${new URL(upstream.url).port}/file` }] });
      res.writeHead(302, { location: `${elsewhere.url}/secret.png` }).end();
    });
    await expect(api.generate({ prompt: 'p', model: 'dall-e-2', n: 1 }, ctx(upstream.url, { trustedOrigin: upstream.origin }))).rejects.toBeInstanceOf(InternalAddressError);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('a picture larger than the bound is refused from its declared length, unread', async () => {
    const upstream = await rawServer((req, res) => {
      if (req.url === '/images/generations') return sendJsonRaw(res, 200, { created: 1, data: [{ url: `${upstream.url}/big.png` }] });
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(60 * 1024 * 1024) });
      res.write(Buffer.alloc(1024));
    });
    await expect(api.generate({ prompt: 'p', model: 'dall-e-2', n: 1 }, ctx(upstream.url, { trustedOrigin: upstream.origin }))).rejects.toThrow(/larger than 50 MiB/);
  });

  it('an answer without data, or an entry with neither b64_json nor url, is a protocol error; an HTTP error stays typed', async () => {
    const empty = await rawServer((_req, res) => sendJsonRaw(res, 200, { created: 1 }));
    await expect(api.generate({ prompt: 'p', model: 'gpt-image-1', n: 1 }, ctx(empty.url))).rejects.toBeInstanceOf(ProtocolError);
    const odd = await rawServer((_req, res) => sendJsonRaw(res, 200, { created: 1, data: [{}] }));
    await expect(api.generate({ prompt: 'p', model: 'gpt-image-1', n: 1 }, ctx(odd.url))).rejects.toThrow(/neither b64_json nor url/);
    const limited = await rawServer((_req, res) => sendJsonRaw(res, 429, { error: { message: 'Rate limit reached' } }, { 'retry-after': '3' }));
    const error = await api.generate({ prompt: 'p', model: 'gpt-image-1', n: 1 }, ctx(limited.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).retryAfterSeconds).toBe(3);
  });

  it('a data: URL in `url` (some compatible servers send one) is decoded, not fetched', async () => {
    const upstream = await rawServer((_req, res) => sendJsonRaw(res, 200, { created: 1, data: [{ url: `data:image/png;base64,${Buffer.from(png).toString('base64')}` }] }));
    const result = await openAIImages({ id: 'mine', defaultModel: 'x', models: [] }).generate({ prompt: 'p', model: 'x', n: 1 }, ctx(upstream.url));
    expect(Buffer.from(result.images[0].bytes)).toEqual(Buffer.from(png));
  });
});

/** Together's images API (docs.together.ai, "Create image"): width, height, seed; a URL answer by default. */
describe("Together's images API", () => {
  it('sends width, height and seed (no size, no response_format) and fetches the URL it answers with', async () => {
    const upstream = await rawServer((req, res) => {
      if (req.url === '/images/generations') return sendJsonRaw(res, 200, { id: 'i1', model: 'black-forest-labs/FLUX.1-schnell', data: [{ index: 0, url: `${upstream.url}/out.png` }] });
      sendBytes(res, png, 'image/png');
    });
    const togetherApi = imageApiOf(together)!;
    expect([...togetherApi.takes]).toEqual(['seed']);
    const result = await togetherApi.generate({ prompt: 'p', model: 'black-forest-labs/FLUX.1-schnell', n: 1, size: { width: 512, height: 768 }, seed: 7 }, ctx(upstream.url, { trustedOrigin: upstream.origin }));
    expect(Buffer.from(result.images[0].bytes)).toEqual(Buffer.from(png));
    expect(jsonOf(upstream.requests[0])).toEqual({ model: 'black-forest-labs/FLUX.1-schnell', prompt: 'p', n: 1, width: 512, height: 768, seed: 7 });
  });
});
