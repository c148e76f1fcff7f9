import { join } from 'node:path';
import { UsageError } from '../../ground/errors.js';
import { registerSecret } from '../../ground/redact.js';
import { ownerOf, type ServeStorage } from '../../server/stored-records.js';
import type { AppPaths } from '../../store/paths.js';
import { FileResponseStore } from '../../store/serve-store/file-store.js';
import { StoreUnavailableError } from '../../store/serve-store/response-store.js';

/**
 * `serve --store`: files in the state directory by default, or Redis/Valkey (`redis://`,
 * `rediss://`), whose client is loaded only then. A Redis that does not answer at start is a
 * failure to start (exit 1), said with its address (never its password).
 */
export async function openServeStorage(where: string | undefined, paths: AppPaths, token: string | undefined): Promise<ServeStorage> {
  const owner = ownerOf(token);
  if (where === undefined || where === 'files') return { store: new FileResponseStore(join(paths.state, 'serve-store')), owner };
  let url: URL;
  try {
    url = new URL(where);
  } catch {
    throw new UsageError(`--store ${where} is not an address`, 'give redis://HOST:PORT, or files');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new UsageError(`--store ${url.protocol}… is not supported`, 'give redis://HOST:PORT (Redis or Valkey), or files');
  registerSecret(decodeURIComponent(url.password) || undefined);
  const { openRedisStore } = await import('../../store/serve-store/redis-store.js');
  try {
    return { store: await openRedisStore(where), owner };
  } catch (error) {
    if (error instanceof StoreUnavailableError) error.hint = 'start it, or give another --store';
    throw error;
  }
}
