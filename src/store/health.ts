import { readFile } from 'node:fs/promises';
import { withFileLock } from './file-lock.js';
import { writePrivateFileAtomic } from './private-files.js';

/** The last outcome seen of one provider. */
export interface HealthEntry {
  ok: boolean;
  /** Failure class (http_status:500, network, timeout, blocked…) when not ok. */
  failure?: string;
  /** Epoch milliseconds. */
  at: number;
}

export type HealthRecord = Record<string, HealthEntry>;

const MAX_ENTRIES = 200;

export async function loadHealth(path: string): Promise<HealthRecord> {
  try {
    const json = JSON.parse(await readFile(path, 'utf8')) as unknown;
    if (!json || typeof json !== 'object' || Array.isArray(json)) return {};
    const record: HealthRecord = {};
    for (const [id, entry] of Object.entries(json as Record<string, Partial<HealthEntry>>)) {
      if (entry && typeof entry.ok === 'boolean' && typeof entry.at === 'number') record[id] = { ok: entry.ok, at: entry.at, ...(typeof entry.failure === 'string' ? { failure: entry.failure } : {}) };
    }
    return record;
  } catch {
    // Missing or damaged: health is a hint, never a reason to fail.
    return {};
  }
}

/** Merges outcomes into the record under a lock (other processes' entries are kept), newest entries kept. */
export async function recordHealth(path: string, changes: HealthRecord): Promise<void> {
  await withFileLock(path, async () => {
    const merged = { ...(await loadHealth(path)), ...changes };
    const kept = Object.entries(merged)
      .sort((a, b) => b[1].at - a[1].at)
      .slice(0, MAX_ENTRIES);
    await writePrivateFileAtomic(path, `${JSON.stringify(Object.fromEntries(kept))}\n`);
  });
}
