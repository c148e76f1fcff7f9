import type { Attempt, ChainLink } from '../core/chain/chain.js';
import type { ModelFromList } from '../core/chain/chain-events.js';
import { loadHealth, recordHealth, type HealthRecord } from '../store/health.js';
import { healthChanges, orderByHealth } from '../core/routing/health-order.js';
import { healthFile, modelChoicesFile } from '../store/paths.js';
import { recordModelChoice } from '../store/model-choices.js';
import { printWarning } from './messages.js';
import type { AppContext } from './settings.js';

export interface HealthTracker {
  orderGroup(links: ChainLink[]): ChainLink[];
  /** Remembers this run's outcomes for the next runs; never fails the run. */
  record(attempts: readonly Attempt[]): Promise<void>;
  /** A retired default replaced from the provider's list: said once, remembered for the next runs. */
  onHealed(link: ChainLink, retired: string, reason: string, how?: ModelFromList): void;
}

/** Recent outcomes order `auto`'s groups; each run's outcomes are written back. */
export async function trackHealth(app: AppContext, explain: (message: string) => void): Promise<HealthTracker> {
  const path = healthFile(app.paths);
  const health: HealthRecord = await loadHealth(path);
  const pending: Array<Promise<void>> = [];
  return {
    orderGroup: (links) => orderByHealth(links, health, Date.now(), explain),
    onHealed(link, retired, reason, how) {
      const id = link.provider.id;
      // A default the server lists is kept for that address unsaid: the next run asks no list.
      if (how !== 'listed') printWarning(
        how === 'unlisted'
          ? `the server at ${link.baseURL} does not list ${retired}; using ${link.model}, now and in later runs (another: -m <model>)`
          : link.baseURLSource === 'flag'
          ? `the server at ${link.baseURL} does not have ${retired} (${reason}); using ${link.model}, the first model it lists (another: -m <model>)`
          : `${id} no longer serves its default model ${retired} (${reason}); using ${link.model} from its model list, now and in later runs (another: -m <model>, or g4f-chat config set providers.${id}.defaultModel <model>)`,
      );
      pending.push(recordModelChoice(modelChoicesFile(app.paths), id, { retired, chosen: link.model, baseURL: link.baseURL, at: Date.now() }).catch(() => undefined));
    },
    async record(attempts) {
      await Promise.all(pending);
      const changes = healthChanges(attempts, health, Date.now());
      if (!changes) return;
      Object.assign(health, changes);
      await recordHealth(path, changes).catch(() => undefined);
    },
  };
}
