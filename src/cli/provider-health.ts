import type { Attempt, ChainLink } from '../core/chain.js';
import { healthChanges, loadHealth, orderByHealth, recordHealth, type HealthRecord } from '../core/health.js';
import { healthFile } from '../core/paths.js';
import type { AppContext } from './settings.js';

export interface HealthTracker {
  orderGroup(links: ChainLink[]): ChainLink[];
  /** Remembers this run's outcomes for the next runs; never fails the run. */
  record(attempts: readonly Attempt[]): Promise<void>;
}

/** Recent outcomes order `auto`'s groups; each run's outcomes are written back. */
export async function trackHealth(app: AppContext, explain: (message: string) => void): Promise<HealthTracker> {
  const path = healthFile(app.paths);
  const health: HealthRecord = await loadHealth(path);
  return {
    orderGroup: (links) => orderByHealth(links, health, Date.now(), explain),
    async record(attempts) {
      const changes = healthChanges(attempts, health, Date.now());
      if (!changes) return;
      Object.assign(health, changes);
      await recordHealth(path, changes).catch(() => undefined);
    },
  };
}
