import { readFile } from 'node:fs/promises';
import type { Attempt, ChainLink } from './chain.js';
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

/** How long a failed provider waits at the back of its `auto` group. */
export const DEMOTE_MS = 10 * 60 * 1000;
/** A success is written again only when the last one is older than this: no write per answer. */
const REFRESH_OK_MS = 60 * 1000;
const MAX_ENTRIES = 200;

/** A rate limit or a user's Ctrl-C says nothing about whether the provider works. */
const TRANSIENT = new Set(['http_status:429', 'aborted']);

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

export function isDemoted(entry: HealthEntry | undefined, now: number): boolean {
  return Boolean(entry && !entry.ok && now - entry.at < DEMOTE_MS && !TRANSIENT.has(entry.failure ?? ''));
}

/** Healthy providers first, recently failed ones after them, each in their earlier order. */
export function orderByHealth(links: ChainLink[], health: HealthRecord, now: number, explain?: (message: string) => void): ChainLink[] {
  const demoted = links.filter((link) => isDemoted(health[link.provider.id], now));
  for (const link of demoted) {
    const entry = health[link.provider.id]!;
    explain?.(`${link.provider.id} moved back: it failed ${Math.round((now - entry.at) / 1000)}s ago (${entry.failure})`);
  }
  return [...links.filter((link) => !demoted.includes(link)), ...demoted];
}

/** What the attempts of one run teach; undefined when there is nothing new to write. */
export function healthChanges(attempts: readonly Attempt[], before: HealthRecord, now: number): HealthRecord | undefined {
  const changes: HealthRecord = {};
  for (const attempt of attempts) {
    if (attempt.outcome === 'ok') {
      const last = before[attempt.provider];
      if (!last || !last.ok || now - last.at > REFRESH_OK_MS) changes[attempt.provider] = { ok: true, at: now };
    } else if (attempt.outcome === 'failed') {
      changes[attempt.provider] = { ok: false, failure: attempt.failure ?? 'failed', at: now };
    }
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
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
