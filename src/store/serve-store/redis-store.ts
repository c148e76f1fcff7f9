import type { ChainableCommander, Redis } from 'ioredis';
import { DEFAULT_BOUNDS, StoreUnavailableError, type ResponseStore, type StoreBounds, type StoredJson } from './response-store.js';

/** Every wait on Redis is bounded: a connection, a command. */
const CONNECT_MS = 3000;
const COMMAND_MS = 3000;
const PREFIX = 'g4f-chat:serve:';

/** Adds items to a record's list only while the record exists, keeps the list bounded, and renews both TTLs. */
const APPEND = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 3, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1`;

/** Removes the item of an id from a record's list: -1 when the record is gone, 0 when the list has no such item. */
const DELETE_ITEM = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
for _, text in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local ok, item = pcall(cjson.decode, text)
  if ok and type(item) == 'table' and item.id == ARGV[1] then
    redis.call('LREM', KEYS[2], 1, text)
    return 1
  end
end
return 0`;

/** `redis://user:secret@host:6379/0` as errors may show it: no user, no password. */
export function redisWhere(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

/**
 * The shared store: Redis or Valkey (`serve --store redis://HOST:PORT`), so that several serve
 * processes answer for each other's responses. Records expire (TTL) instead of local bounds; a
 * conversation's items are a list beside its record. Commands are not queued while Redis is
 * away: each fails at once as a StoreUnavailableError, and the client reconnects in the background.
 * ioredis is loaded only here, and this module only when the option is given.
 */
export async function openRedisStore(url: string, bounds: StoreBounds = DEFAULT_BOUNDS): Promise<ResponseStore> {
  const where = redisWhere(url);
  const loaded = await import('ioredis');
  // ioredis is CommonJS whose module.exports is the class itself: bundled, the named export may be missing.
  const Redis = loaded.Redis ?? (loaded.default as unknown as typeof loaded.Redis);
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: CONNECT_MS,
    commandTimeout: COMMAND_MS,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  // A connection that drops is reported by each command that fails; the event itself must not crash the process.
  client.on('error', () => undefined);
  try {
    await withTimeout(client.connect(), CONNECT_MS + 500);
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new StoreUnavailableError(where, error);
  }
  return new RedisResponseStore(client, where, bounds);
}

class RedisResponseStore implements ResponseStore {
  readonly shared = true;

  constructor(
    private readonly client: Redis,
    readonly where: string,
    private readonly bounds: StoreBounds,
  ) {}

  async get(key: string): Promise<StoredJson | undefined> {
    const text = await this.guarded(() => this.client.get(PREFIX + key));
    return text === null ? undefined : (JSON.parse(text) as StoredJson);
  }

  async put(key: string, value: StoredJson): Promise<void> {
    const ttl = this.bounds.maxAgeMs;
    await this.transaction((multi) => multi.set(PREFIX + key, JSON.stringify(value), 'PX', ttl).pexpire(`${PREFIX + key}:items`, ttl));
  }

  async delete(key: string): Promise<boolean> {
    const [removed] = await this.transaction((multi) => multi.del(PREFIX + key).del(`${PREFIX + key}:items`));
    return Number(removed) > 0;
  }

  async appendItems(key: string, items: readonly StoredJson[]): Promise<boolean> {
    const args = [String(this.bounds.maxAgeMs), String(this.bounds.maxItems), ...items.map((item) => JSON.stringify(item))];
    const done = await this.guarded(() => this.client.eval(APPEND, 2, PREFIX + key, `${PREFIX + key}:items`, ...args));
    return Number(done) === 1;
  }

  async listItems(key: string): Promise<StoredJson[] | undefined> {
    const [exists, texts] = await this.transaction((multi) => multi.exists(PREFIX + key).lrange(`${PREFIX + key}:items`, 0, -1));
    if (Number(exists) === 0) return undefined;
    return (texts as string[]).map((text) => JSON.parse(text) as StoredJson);
  }

  async deleteItem(key: string, id: string): Promise<boolean | undefined> {
    const done = Number(await this.guarded(() => this.client.eval(DELETE_ITEM, 2, PREFIX + key, `${PREFIX + key}:items`, id)));
    return done === -1 ? undefined : done === 1;
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }

  /** Redis away, a command timed out, a transaction refused: the store is not answering. */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new StoreUnavailableError(this.where, error);
    }
  }

  /** A MULTI/EXEC: the replies of its commands; a transaction aborted, or one command failing, is the store failing. */
  private async transaction(build: (multi: ChainableCommander) => ChainableCommander): Promise<unknown[]> {
    const replies = await this.guarded(() => build(this.client.multi()).exec());
    const failed = replies?.find(([error]) => error);
    if (!replies || failed) throw new StoreUnavailableError(this.where, failed?.[0] ?? 'transaction aborted');
    return replies.map(([, value]) => value);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
