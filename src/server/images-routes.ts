import type { IncomingMessage } from 'node:http';
import { OPENAI_API } from './api-family.js';
import { writeJson, type Exchange } from './chat-endpoint.js';
import { runImages, type CheckedAnswer } from './image-run.js';
import { editCall, generationCall, type ImagesCall } from './images-request.js';
import { ServeError } from './request-errors.js';
import type { Route } from './routes.js';
import { loadOwned, newId, notFound, storeCall, type ServeStorage } from './stored-records.js';

/** How long a picture's URL answers, as OpenAI's own image URLs do. */
export const IMAGE_URL_SECONDS = 3600;

const FILE_PATH = /^(?:\/v1)?\/images\/files\/([^/]+)$/;

/**
 * OpenAI's Images API through the chain: `POST /v1/images/generations` (JSON) and
 * `POST /v1/images/edits` (multipart), answered `{created, data: [{b64_json} | {url}]}`. A `url`
 * is one this server serves from its store (`GET /v1/images/files/{id}`) for an hour: its id is
 * 128 random bits and the route needs no token (an `<img>` cannot send one), but only a server
 * with the token that made it (the store's owner) finds it.
 */
export const IMAGE_ROUTES: readonly Route[] = [
  { method: 'POST', paths: ['/v1/images/generations', '/images/generations'], family: OPENAI_API, run: (exchange) => answerImages(exchange, generationCall) },
  { method: 'POST', paths: ['/v1/images/edits', '/images/edits'], family: OPENAI_API, multipart: true, run: (exchange) => answerImages(exchange, editCall) },
  { method: 'GET', paths: [], pattern: FILE_PATH, shown: '/v1/images/files/{id}', family: OPENAI_API, open: true, run: serveImageFile },
];

async function answerImages({ req, res, ctx, outcome }: Exchange, read: (req: IncomingMessage) => Promise<ImagesCall>): Promise<void> {
  const call = await read(req);
  const storage = call.format === 'url' ? urlStorage(ctx.storage) : undefined;
  const answer = await runImages(ctx, res, outcome, call.model, call.ask);
  const created = Math.floor(Date.now() / 1000);
  const data = [];
  for (const [i, image] of answer.images.entries()) {
    const picture = storage ? { url: await keepImage(storage, req, image.bytes, answer.facts[i].mime, created) } : { b64_json: Buffer.from(image.bytes).toString('base64') };
    data.push({ ...picture, ...(answer.revisedPrompt ? { revised_prompt: answer.revisedPrompt } : {}) });
  }
  writeJson(res, 200, { created, data, ...formatOf(answer) });
}

/** The fields of OpenAI's answer that say what was drawn: the format of the first picture, and its size. */
function formatOf(answer: CheckedAnswer): Record<string, unknown> {
  const facts = answer.facts[0];
  const format = facts.mime.split('/')[1] === 'jpeg' ? 'jpeg' : facts.mime.split('/')[1];
  return { output_format: format, size: `${facts.width}x${facts.height}` };
}

function urlStorage(storage: ServeStorage | undefined): ServeStorage {
  if (!storage) throw new ServeError(400, '`response_format: "url"` needs a store, and this server keeps none: ask for b64_json', 'invalid_request_error', 'unsupported_parameter', {}, 'response_format');
  return storage;
}

/** Stores the picture for an hour under a new id and returns the URL it is served at, on the address the client used. */
async function keepImage(storage: ServeStorage, req: IncomingMessage, bytes: Uint8Array, mime: string, created: number): Promise<string> {
  const id = newId('img');
  const record = { owner: storage.owner, mime, data: Buffer.from(bytes).toString('base64'), expires_at: created + IMAGE_URL_SECONDS };
  await storeCall(storage.store.put(`image:${id}`, record)).catch((error: unknown) => {
    if (error instanceof ServeError && error.code === 'too_large_to_store') throw new ServeError(413, 'the picture is larger than the store keeps: ask for b64_json', 'invalid_request_error', 'too_large_to_store', {}, 'response_format');
    throw error;
  });
  // The Host was checked by the guard: it is an address this server answers to.
  return `http://${req.headers.host}/v1/images/files/${id}`;
}

/** `GET /v1/images/files/{id}`: the picture's bytes while its hour lasts; another owner's, or an expired one, is a 404. */
async function serveImageFile({ req, res, ctx }: Exchange): Promise<void> {
  const id = FILE_PATH.exec((req.url ?? '').split('?')[0])?.[1] ?? '';
  if (!ctx.storage) throw notFound('image', id);
  const record = await loadOwned(ctx.storage, 'image', id);
  const left = Number(record.expires_at) - Math.floor(Date.now() / 1000);
  if (!(left > 0) || typeof record.data !== 'string' || typeof record.mime !== 'string') {
    await storeCall(ctx.storage.store.delete(`image:${id}`));
    throw notFound('image', id);
  }
  const bytes = Buffer.from(record.data, 'base64');
  res.writeHead(200, { 'content-type': record.mime, 'content-length': String(bytes.length), 'cache-control': `private, max-age=${left}`, 'x-content-type-options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
