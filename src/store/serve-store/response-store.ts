import { G4fError } from '../../ground/errors.js';

export type StoredJson = Record<string, unknown>;

/**
 * Where `serve` keeps what the Responses and Conversations APIs store: records by key
 * (`response:resp_…`, `conversation:conv_…`, `reasoning:rs_…`), each with an optional list of
 * items (a conversation's). Bounded: oldest records go first (files) or expire (Redis TTLs).
 */
export interface ResponseStore {
  /** Where it is, as errors name it (a Redis URL without its password, a directory). */
  readonly where: string;
  /** Other serve processes read it too (Redis): the reasoning items serve remembers go to it as well. */
  readonly shared: boolean;
  get(key: string): Promise<StoredJson | undefined>;
  /** Creates or replaces the record; its items, if any, stay. */
  put(key: string, value: StoredJson): Promise<void>;
  /** Removes the record and its items; false when there was none. */
  delete(key: string): Promise<boolean>;
  /** Adds items at the end of the record's list; false when the record is gone. */
  appendItems(key: string, items: readonly StoredJson[]): Promise<boolean>;
  /** The record's items in the order they were added; undefined when the record is gone. */
  listItems(key: string): Promise<StoredJson[] | undefined>;
  /** Removes the item of that `id` from the record's list: false when it has none, undefined when the record is gone. */
  deleteItem(key: string, id: string): Promise<boolean | undefined>;
  close(): Promise<void>;
}

/** How long and how much a store keeps. */
export interface StoreBounds {
  /** Records kept at most (files). */
  maxRecords: number;
  /** Bytes kept at most, all records together (files). */
  maxBytes: number;
  /** Age after which a record is gone: its last write plus this (files), its TTL (Redis). */
  maxAgeMs: number;
  /** Items one record's list holds at most; the oldest go first. */
  maxItems: number;
}

/** OpenAI keeps stored responses 30 days; so does serve, within the bounds of a disk. */
export const DEFAULT_BOUNDS: StoreBounds = { maxRecords: 10_000, maxBytes: 256 * 1024 * 1024, maxAgeMs: 30 * 24 * 3600 * 1000, maxItems: 10_000 };

/** The store did not answer (Redis down or unreachable, a disk failing): nothing was stored or read. */
export class StoreUnavailableError extends G4fError {
  override name = 'StoreUnavailableError';
  constructor(
    readonly where: string,
    cause: unknown,
  ) {
    super(`the response store at ${where} is not answering`, { code: 'network', retryable: true, cause });
  }
}

/** A record larger than the store may hold (past a quarter of its byte bound). */
export class StoreRecordTooLargeError extends G4fError {
  override name = 'StoreRecordTooLargeError';
  constructor(readonly bytes: number, readonly limit: number) {
    super(`the record (${bytes} bytes) is larger than the store keeps (${limit} bytes)`, { code: 'usage' });
  }
}

/** Ids are made by serve (`resp_` + hex…); anything else cannot name a record, nor a file. */
export function isStoreId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,128}$/.test(id);
}
