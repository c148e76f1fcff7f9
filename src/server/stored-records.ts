import { createHash, randomBytes } from 'node:crypto';
import { isStoreId, StoreRecordTooLargeError, StoreUnavailableError, type ResponseStore, type StoredJson } from '../store/serve-store/response-store.js';
import { ServeError } from './request-errors.js';

/** The store of one server and whose records it makes: a hash of its token, never the token. */
export interface ServeStorage {
  store: ResponseStore;
  owner: string;
}

export type RecordKind = 'response' | 'conversation' | 'reasoning' | 'image';

/**
 * Who owns what a server stores: the hash of the token clients must send, so that a server (or
 * another process sharing the store) with another token finds none of it. Without a token,
 * whoever can reach the server owns it all.
 */
export function ownerOf(token: string | undefined): string {
  return createHash('sha256').update(`serve-store owner\0${token ?? ''}`).digest('hex');
}

export const newId = (prefix: string) => `${prefix}_${randomBytes(16).toString('hex')}`;

/** A store call whose failure the client is told of: 503 naming the store, 413 for a record past its bounds. */
export async function storeCall<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw new ServeError(503, error.message, 'server_error', 'store_unavailable', { 'retry-after': '1' });
    if (error instanceof StoreRecordTooLargeError) throw new ServeError(413, `${error.message}; send it with "store": false`, 'invalid_request_error', 'too_large_to_store');
    throw error;
  }
}

const NOUN: Readonly<Record<RecordKind, string>> = { response: 'Response', conversation: 'Conversation', reasoning: 'Item', image: 'Image file' };

export function notFound(kind: RecordKind, id: string, param?: string): ServeError {
  return new ServeError(404, `${NOUN[kind]} with id '${id}' not found.`, 'invalid_request_error', 'not_found', {}, param ?? null);
}

/** The record of that id if this server's owner made it; 404 otherwise (another owner's is not said to exist). */
export async function loadOwned(storage: ServeStorage, kind: RecordKind, id: string, param?: string): Promise<StoredJson> {
  if (!isStoreId(id)) throw notFound(kind, id, param);
  const record = await storeCall(storage.store.get(`${kind}:${id}`));
  if (!record || record.owner !== storage.owner) throw notFound(kind, id, param);
  return record;
}

/** The store, or a 400 saying this server keeps nothing (a server made without one). */
export function storageOf(storage: ServeStorage | undefined, param: string): ServeStorage {
  if (!storage) throw new ServeError(400, `\`${param}\` needs stored responses, and this server keeps none: send the whole conversation in \`input\``, 'invalid_request_error', 'unsupported_parameter', {}, param);
  return storage;
}
