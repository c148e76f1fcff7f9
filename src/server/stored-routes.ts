import { OPENAI_API } from './api-family.js';
import { writeJson, type Exchange } from './chat-endpoint.js';
import { invalid, jsonObject } from './chat-request.js';
import { listPage } from './list-page.js';
import { readBody } from './read-body.js';
import { ServeError } from './request-errors.js';
import type { Route } from './routes.js';
import { storedItemsOf } from './stored-items.js';
import { loadOwned, newId, notFound, storeCall, type ServeStorage } from './stored-records.js';

type Json = Record<string, unknown>;

const ITEM_PATH = /^(?:\/v1)?\/conversations\/([^/]+)\/items\/([^/]+)$/;

const itemNotFound = (id: string) => new ServeError(404, `Item with id '${id}' not found.`, 'invalid_request_error', 'not_found');

/** OpenAI lets a conversation be created, or added to, with 20 items at most per request. */
const MAX_ITEMS_PER_REQUEST = 20;

/**
 * The stored responses (openai-node `responses.retrieve`, `inputItems.list`, `delete`) and the
 * Conversations API (`conversations.create/retrieve/update/delete`, `items.list/create/retrieve/delete`). Each
 * reads the id from its path; a record another owner made is a 404, as one that never was.
 */
export const STORED_ROUTES: readonly Route[] = [
  route('GET', '/v1/responses/{id}', /^(?:\/v1)?\/responses\/([^/]+)$/, async ({ res }, storage, [id]) => {
    writeJson(res, 200, (await loadOwned(storage, 'response', id)).response);
  }),
  route('DELETE', '/v1/responses/{id}', /^(?:\/v1)?\/responses\/([^/]+)$/, async ({ res }, storage, [id]) => {
    await loadOwned(storage, 'response', id);
    await storeCall(storage.store.delete(`response:${id}`));
    writeJson(res, 200, { id, object: 'response.deleted', deleted: true });
  }),
  route('GET', '/v1/responses/{id}/input_items', /^(?:\/v1)?\/responses\/([^/]+)\/input_items$/, async ({ req, res }, storage, [id]) => {
    const record = await loadOwned(storage, 'response', id);
    writeJson(res, 200, listPage(record.input as Json[], queryOf(req.url)));
  }),
  route('POST', '/v1/conversations', /^(?:\/v1)?\/conversations$/, async ({ req, res }, storage) => {
    const body = jsonObject(await readBody(req));
    const items = boundedItems(body.items, 'items');
    const conversation = { id: newId('conv'), object: 'conversation', created_at: Math.floor(Date.now() / 1000), metadata: metadataOf(body.metadata) };
    await storeCall(storage.store.put(`conversation:${conversation.id}`, { owner: storage.owner, conversation }));
    if (items.length > 0) await storeCall(storage.store.appendItems(`conversation:${conversation.id}`, items));
    writeJson(res, 200, conversation);
  }),
  route('GET', '/v1/conversations/{id}', /^(?:\/v1)?\/conversations\/([^/]+)$/, async ({ res }, storage, [id]) => {
    writeJson(res, 200, (await loadOwned(storage, 'conversation', id)).conversation);
  }),
  // openai-node `conversations.update`: `metadata` replaces the conversation's (null clears it).
  route('POST', '/v1/conversations/{id}', /^(?:\/v1)?\/conversations\/([^/]+)$/, async ({ req, res }, storage, [id]) => {
    const record = await loadOwned(storage, 'conversation', id);
    const body = jsonObject(await readBody(req));
    if (!('metadata' in body)) throw invalid('`metadata` is required', 'metadata');
    const conversation = { ...(record.conversation as Json), metadata: metadataOf(body.metadata) };
    await storeCall(storage.store.put(`conversation:${id}`, { ...record, conversation }));
    writeJson(res, 200, conversation);
  }),
  route('DELETE', '/v1/conversations/{id}', /^(?:\/v1)?\/conversations\/([^/]+)$/, async ({ res }, storage, [id]) => {
    await loadOwned(storage, 'conversation', id);
    await storeCall(storage.store.delete(`conversation:${id}`));
    writeJson(res, 200, { id, object: 'conversation.deleted', deleted: true });
  }),
  route('GET', '/v1/conversations/{id}/items', /^(?:\/v1)?\/conversations\/([^/]+)\/items$/, async ({ req, res }, storage, [id]) => {
    await loadOwned(storage, 'conversation', id);
    const items = await storeCall(storage.store.listItems(`conversation:${id}`));
    if (!items) throw notFound('conversation', id);
    writeJson(res, 200, listPage(items, queryOf(req.url)));
  }),
  route('POST', '/v1/conversations/{id}/items', /^(?:\/v1)?\/conversations\/([^/]+)\/items$/, async ({ req, res }, storage, [id]) => {
    await loadOwned(storage, 'conversation', id);
    const items = boundedItems(jsonObject(await readBody(req)).items, 'items');
    if (items.length === 0) throw invalid('`items` must be a non-empty list of items', 'items');
    if (!(await storeCall(storage.store.appendItems(`conversation:${id}`, items)))) throw notFound('conversation', id);
    writeJson(res, 200, { object: 'list', data: items, first_id: items[0].id, last_id: items.at(-1)!.id, has_more: false });
  }),
  route('GET', '/v1/conversations/{id}/items/{item_id}', ITEM_PATH, async ({ res }, storage, [id, itemId]) => {
    await loadOwned(storage, 'conversation', id);
    const item = (await storeCall(storage.store.listItems(`conversation:${id}`)))?.find((one) => one.id === itemId);
    if (!item) throw itemNotFound(itemId);
    writeJson(res, 200, item);
  }),
  // openai-node `conversations.items.delete` answers with the conversation.
  route('DELETE', '/v1/conversations/{id}/items/{item_id}', ITEM_PATH, async ({ res }, storage, [id, itemId]) => {
    const record = await loadOwned(storage, 'conversation', id);
    const removed = await storeCall(storage.store.deleteItem(`conversation:${id}`, itemId));
    if (removed === undefined) throw notFound('conversation', id);
    if (!removed) throw itemNotFound(itemId);
    writeJson(res, 200, record.conversation);
  }),
];

type StoredRun = (exchange: Exchange, storage: ServeStorage, params: string[]) => Promise<void>;

function route(method: Route['method'], shown: string, pattern: RegExp, run: StoredRun): Route {
  return {
    method,
    paths: [],
    pattern,
    shown,
    family: OPENAI_API,
    run: (exchange) => {
      const storage = exchange.ctx.storage;
      if (!storage) throw new ServeError(404, `${method} ${shown}: this server keeps no responses or conversations`, 'invalid_request_error', 'not_found');
      const path = (exchange.req.url ?? '').split('?')[0].replace(/\/+$/, '');
      const params = (pattern.exec(path) ?? []).slice(1).map((p) => decodeURIComponent(p));
      return run(exchange, storage, params);
    },
  };
}

function queryOf(url: string | undefined): URLSearchParams {
  return new URLSearchParams((url ?? '').split('?')[1] ?? '');
}

function boundedItems(value: unknown, param: string): Json[] {
  if (Array.isArray(value) && value.length > MAX_ITEMS_PER_REQUEST) throw invalid(`\`${param}\` holds ${value.length} items; at most ${MAX_ITEMS_PER_REQUEST} are added at once`, param);
  return storedItemsOf(value ?? [], param);
}

/** `metadata`: up to 16 string values (OpenAI's bound), kept as given. */
function metadataOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('`metadata` must be an object of strings', 'metadata');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 16 || entries.some(([, v]) => typeof v !== 'string')) throw invalid('`metadata` holds at most 16 string values', 'metadata');
  return Object.fromEntries(entries) as Record<string, string>;
}
