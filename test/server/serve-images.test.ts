import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { formOf, jsonOf, openAIImagesStandIn, rawServer, sendJsonRaw } from '../helpers/image-stand-ins.js';
import { tempHome } from '../helpers/run-cli.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { groqAt } from '../helpers/tool-provider.js';
import { handMadePng, jpegFile, pngFile } from '../images/pictures.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

const openaiAt = (url: string) => ({ OPENAI_API_KEY: 'sk-test-1234567890abcdef', G4F_CHAT_OPENAI_BASE_URL: url });
const png = pngFile(24, 16);
const client = (url: string, apiKey = 'unused') => new OpenAI({ baseURL: url, apiKey, maxRetries: 0 });
/** The status of a POST; a refusal may close the connection before the body is written, which is not a failure here. */
function statusOf(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(body);
  });
}

const posts = <T extends { method: string }>(requests: T[]) => requests.filter((r) => r.method === 'POST');

describe('images through serve, in OpenAI\'s shape (openai SDK)', () => {
  it('images.generate: b64_json by default, through the chain (a provider without an image API skipped), the upstream asked as documented', async () => {
    const groq = await rawServer((_req, res) => sendJsonRaw(res, 500, { error: 'not asked' }));
    const upstream = await rawServer(openAIImagesStandIn(png));
    const { url } = await startServe(['-p', 'groq,openai'], { ...groqAt(groq.url), ...openaiAt(upstream.url) });
    const answer = await client(url).images.generate({ model: 'auto', prompt: 'a lighthouse', n: 2, size: '1536x1024', quality: 'high' });
    expect(answer.data).toHaveLength(2);
    for (const image of answer.data!) expect(Buffer.from(image.b64_json!, 'base64').equals(Buffer.from(png))).toBe(true);
    expect(answer.created).toBeGreaterThan(1_700_000_000);
    expect([answer.output_format, answer.size]).toEqual(['png', '24x16']);
    expect(jsonOf(posts(upstream.requests)[0])).toEqual({ model: 'gpt-image-1', prompt: 'a lighthouse', n: 2, size: '1536x1024', quality: 'high' });
    expect(posts(groq.requests)).toHaveLength(0);
    const named = await client(url).images.generate({ model: 'openai/dall-e-3', prompt: 'p' });
    expect(named.data).toHaveLength(1);
    expect(jsonOf(posts(upstream.requests)[1])).toEqual({ model: 'dall-e-3', prompt: 'p', n: 1, response_format: 'b64_json' });
  });

  it('response_format url: a URL served by serve itself, the picture\'s bytes without the token; another token\'s server, or an expired one, answers 404', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const home = tempHome();
    const { url } = await startServe(['-p', 'openai', '--api-key', 'serve-token-one'], { ...openaiAt(upstream.url), G4F_CHAT_HOME: home });
    await expect(client(url, 'wrong-token').images.generate({ prompt: 'p' })).rejects.toMatchObject({ status: 401 });
    const answer = await client(url, 'serve-token-one').images.generate({ prompt: 'p', response_format: 'url' });
    const address = answer.data![0].url!;
    expect(address).toMatch(new RegExp(`^${url}/images/files/img_[0-9a-f]{32}$`));
    expect(answer.data![0].b64_json).toBeUndefined();
    const file = await fetch(address);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Number(/max-age=(\d+)/.exec(file.headers.get('cache-control') ?? '')?.[1])).toBeGreaterThan(3500);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(png))).toBe(true);

    // The same store, another token: not this server's picture.
    const other = await startServe(['-p', 'openai', '--api-key', 'serve-token-two'], { ...openaiAt(upstream.url), G4F_CHAT_HOME: home });
    const id = address.split('/').at(-1)!;
    expect((await fetch(`${other.url}/images/files/${id}`)).status).toBe(404);

    // An hour later (the record's expiry moved back): gone.
    const dir = join(home, 'serve-store');
    const name = readdirSync(dir).find((file) => file.includes(id))!;
    const record = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { value: { expires_at: number } };
    record.value.expires_at = Math.floor(Date.now() / 1000) - 1;
    writeFileSync(join(dir, name), JSON.stringify(record));
    const expired = await fetch(address);
    expect(expired.status).toBe(404);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toBe(`Image file with id '${id}' not found.`);
  });

  it('images.edit: the picture goes on to the provider\'s /images/edits as multipart `image`', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const { url } = await startServe(['-p', 'openai'], openaiAt(upstream.url));
    const input = jpegFile(12, 12);
    const answer = await client(url).images.edit({ model: 'gpt-image-1', image: await toFile(Buffer.from(input), 'photo.jpg', { type: 'image/jpeg' }), prompt: 'at night' });
    expect(Buffer.from(answer.data![0].b64_json!, 'base64').equals(Buffer.from(png))).toBe(true);
    const [request] = posts(upstream.requests);
    expect(request.url).toBe('/images/edits');
    const form = await formOf(request);
    expect(Buffer.from(await (form.get('image') as File).arrayBuffer()).equals(Buffer.from(input))).toBe(true);
    expect([form.get('prompt'), form.get('model')]).toEqual(['at night', 'gpt-image-1']);
  });

  it('refusals by name, before any upstream request: n, size, a seed openai lacks, an edit that is not a picture', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const { url } = await startServe(['-p', 'openai'], openaiAt(upstream.url));
    const api = client(url);
    await expect(api.images.generate({ prompt: 'p', n: 11 })).rejects.toMatchObject({ status: 400, param: 'n' });
    await expect(api.images.generate({ prompt: 'p', size: '10x10' as never })).rejects.toMatchObject({ status: 400, param: 'size' });
    await expect(api.images.generate({ prompt: 'p', seed: 5 } as never)).rejects.toMatchObject({ status: 400, message: expect.stringContaining("openai's image API takes no seed") });
    await expect(api.images.edit({ image: await toFile(Buffer.from('not a picture'), 'a.png', { type: 'image/png' }), prompt: 'p' })).rejects.toMatchObject({ status: 400, param: 'image' });
    expect(posts(upstream.requests)).toHaveLength(0);
  });

  it('a hostile picture from upstream is refused (502), nothing stored; the guard takes multipart only on the edits route, never from a foreign page', async () => {
    const bomb = handMadePng(100_000, 100_000, new Uint8Array(16));
    const upstream = await rawServer(openAIImagesStandIn(bomb));
    const home = tempHome();
    const { url } = await startServe(['-p', 'openai'], { ...openaiAt(upstream.url), G4F_CHAT_HOME: home });
    await expect(client(url).images.generate({ prompt: 'p', response_format: 'url' })).rejects.toMatchObject({ status: 502, message: expect.stringContaining('image not shown') });
    const store = join(home, 'serve-store');
    expect(existsSync(store) ? readdirSync(store).filter((name) => name.startsWith('image.')) : []).toEqual([]);
    // A form (what a page can send without a preflight) is refused on the JSON route, and from another site's page on the upload route.
    const form = '--b\r\ncontent-disposition: form-data; name="prompt"\r\n\r\np\r\n--b--\r\n';
    const multipart = { 'content-type': 'multipart/form-data; boundary=b' };
    expect(await statusOf(`${url}/images/generations`, multipart, form)).toBe(415);
    expect(await statusOf(`${url}/images/edits`, { ...multipart, origin: 'https://evil.example' }, form)).toBe(403);
    expect(await statusOf(`${url}/images/edits`, { 'content-type': 'text/plain' }, 'p')).toBe(415);
    expect(posts(upstream.requests)).toHaveLength(1);
  });
});
