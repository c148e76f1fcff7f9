import type { HealthEntry, HealthRecord } from '../../store/health.js';
import type { Attempt, ChainLink } from '../chain/chain.js';

/** How long a failed provider waits at the back of its `auto` group. */
export const DEMOTE_MS = 10 * 60 * 1000;
/** A success is written again only when the last one is older than this: no write per answer. */
const REFRESH_OK_MS = 60 * 1000;

/** A rate limit or a user's Ctrl-C says nothing about whether the provider works. */
const TRANSIENT = new Set(['http_status:429', 'aborted']);

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
