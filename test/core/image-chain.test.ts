import { afterEach, describe, expect, it } from 'vitest';
import type { Attempt, ChainLink } from '../../src/core/chain/chain.js';
import { drawThroughChain, ImageOptionRefusedError, type ImageAsk } from '../../src/core/images/image-chain.js';
import { imageChainLinks } from '../../src/core/images/image-plan.js';
import { Catalog } from '../../src/core/routing/catalog.js';
import { planChain } from '../../src/core/routing/plan-chain.js';
import { AllFailedError, UsageError } from '../../src/ground/errors.js';
import type { Provider } from '../../src/ground/types.js';
import { pollinations } from '../../src/providers/keyless/pollinations.js';
import { gemini } from '../../src/providers/gemini/gemini.js';
import { groq } from '../../src/providers/openai/groq.js';
import { openai } from '../../src/providers/openai/openai.js';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { openAIImagesStandIn, rawServer, sendBytes, sendJsonRaw } from '../helpers/image-stand-ins.js';
import { pngFile } from '../images/pictures.js';

afterEach(closeStartedServers);

const png = pngFile(3, 3);
const link = (provider: Provider, baseURL: string, reach: ChainLink['reach']): ChainLink => ({ provider, model: provider.defaultModel, baseURL, apiKey: reach === 'public' ? undefined : 'key-123456789', reach });
const options = (attempts: Attempt[] = [], extra: Record<string, unknown> = {}) => ({ signal: new AbortController().signal, timeoutMs: 5000, retries: 0, attempts, ...extra });
const ask: ImageAsk = { prompt: 'a lighthouse', n: 1 };

describe('the image chain', () => {
  it('a provider without an image API is skipped and recorded so; the next one draws, with its own image model', async () => {
    const groqServer = await rawServer((_req, res) => sendJsonRaw(res, 500, { error: 'not asked' }));
    const openaiServer = await rawServer(openAIImagesStandIn(png));
    const attempts: Attempt[] = [];
    const answer = await drawThroughChain([link(groq, groqServer.url, 'keyed'), link(openai, openaiServer.url, 'keyed')], ask, options(attempts));
    expect([answer.provider, answer.model]).toEqual(['openai', 'gpt-image-1']);
    expect(Buffer.from(answer.images[0].bytes)).toEqual(Buffer.from(png));
    expect(groqServer.requests).toHaveLength(0);
    expect(attempts).toEqual([
      { provider: 'groq', outcome: 'skipped', reason: 'has no image API', tries: 0 },
      { provider: 'openai', model: 'gpt-image-1', outcome: 'ok', tries: 1 },
    ]);
  });

  it('an option the only provider lacks is refused by its flag, before any request; none with an image API is refused too', async () => {
    const server = await rawServer(openAIImagesStandIn(png));
    const refused = (await drawThroughChain([link(openai, server.url, 'keyed')], { ...ask, seed: 3 }, options()).catch((e: unknown) => e)) as UsageError;
    expect(refused).toBeInstanceOf(UsageError);
    expect(refused).toBeInstanceOf(ImageOptionRefusedError);
    expect(refused).toMatchObject({ provider: 'openai', option: 'seed', takers: ['together', 'gemini', 'pollinations'], message: "openai's image API takes no seed" });
    await expect(drawThroughChain([link(groq, server.url, 'keyed')], ask, options())).rejects.toThrow('groq has no image API');
    expect(server.requests).toHaveLength(0);
  });

  it('a failed keyed provider does not send the prompt on to a public one without consent; with it, the public one draws', async () => {
    const openaiServer = await rawServer((_req, res) => sendJsonRaw(res, 500, { error: { message: 'down' } }));
    const pollinationsServer = await rawServer((_req, res) => sendBytes(res, png, 'image/jpeg'));
    const chain = [link(openai, openaiServer.url, 'keyed'), link(pollinations, pollinationsServer.url, 'public')];
    const held = await drawThroughChain(chain, ask, options()).catch((e: unknown) => e);
    expect(held).toBeInstanceOf(AllFailedError);
    expect((held as AllFailedError).heldBack).toEqual(['pollinations']);
    expect(pollinationsServer.requests).toHaveLength(0);
    const events: string[] = [];
    const answer = await drawThroughChain(chain, ask, options([], { allowPublic: true, onEvent: (e: { type: string; message?: string }) => e.message && events.push(`${e.type}: ${e.message}`) }));
    expect([answer.provider, answer.model]).toEqual(['pollinations', 'flux']);
    expect(events).toContain('moving-on: openai failed (HTTP 500); trying pollinations');
  });

  it('a retryable failure is tried again on the same provider (Retry-After honoured)', async () => {
    let calls = 0;
    const server = await rawServer((req, res) => (++calls === 1 ? sendJsonRaw(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '0' }) : openAIImagesStandIn(png)(req, res)));
    const attempts: Attempt[] = [];
    const answer = await drawThroughChain([link(openai, server.url, 'keyed')], ask, options(attempts, { retries: 1 }));
    expect(answer.provider).toBe('openai');
    expect(attempts.at(-1)).toMatchObject({ provider: 'openai', outcome: 'ok', tries: 2 });
  });

  it('-m naming one provider\'s image model goes only to the providers that list it', async () => {
    const openaiServer = await rawServer(openAIImagesStandIn(png));
    const geminiServer = await rawServer((_req, res) => sendJsonRaw(res, 200, { candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data: Buffer.from(png).toString('base64') } }] } }] }));
    const attempts: Attempt[] = [];
    const answer = await drawThroughChain([link(openai, openaiServer.url, 'keyed'), link(gemini, geminiServer.url, 'keyed')], { ...ask, model: 'gemini-3-pro-image-preview' }, options(attempts));
    expect(answer.provider).toBe('gemini');
    expect(openaiServer.requests).toHaveLength(0);
    expect(attempts[0]).toEqual({ provider: 'openai', outcome: 'skipped', reason: 'its image API has no model gemini-3-pro-image-preview', tries: 0 });
  });

  it("a server the user pointed a provider at may answer with a URL on its own (private) origin", async () => {
    const server = await rawServer((req, res) => (req.url === '/images/generations' ? sendJsonRaw(res, 200, { created: 1, data: [{ url: `${server.url}/files/1.png` }] }) : sendBytes(res, png, 'image/png')));
    const answer = await drawThroughChain([link(openai, server.url, 'local')], { ...ask, model: 'dall-e-2' }, options());
    expect(Buffer.from(answer.images[0].bytes)).toEqual(Buffer.from(png));
    const keyed = await drawThroughChain([link(openai, server.url, 'keyed')], { ...ask, model: 'dall-e-2' }, options()).catch((e: unknown) => e);
    expect((keyed as Error).message).toMatch(/loopback address, which is not fetched/);
  });

  it("auto's image chain adds Pollinations (kept out of auto for its text ads) last, as a public provider", async () => {
    const catalog = new Catalog();
    const env = { OPENAI_API_KEY: 'sk-test-0123456789' };
    const plan = await planChain({ catalog, provider: 'auto', env });
    expect(plan.links.map((l) => l.provider.id)).not.toContain('pollinations');
    const links = imageChainLinks(plan, { catalog, env });
    expect(links.at(-1)).toMatchObject({ provider: { id: 'pollinations' }, reach: 'public' });
    expect(links[0].provider.id).toBe('openai');
    const explicit = await planChain({ catalog, provider: 'openai', env });
    expect(imageChainLinks(explicit, { catalog, env }).map((l) => l.provider.id)).toEqual(['openai']);
  });
});
