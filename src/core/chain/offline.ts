import { NetworkError, OfflineError, TimeoutError, type G4fError } from '../../ground/errors.js';
import type { Attempt } from './chain.js';

/** Failures that say nothing about the service, only that it could not be reached. */
function unreachable(error: G4fError): boolean {
  if (error instanceof TimeoutError) return error.firstByte === true;
  return error instanceof NetworkError && error.unreachable !== undefined;
}

/**
 * When two or more providers were meant to be asked and none could be reached, the run is offline: one
 * summary line first, a local server that was not running named (never skipped silently),
 * then what works (worded by cli/: Ollama, a key for later, a server of one's own).
 */
export function offlineError(failures: ReadonlyArray<{ provider: string; error: G4fError }>, attempts: readonly Attempt[]): OfflineError | undefined {
  const notAsked = attempts.filter((a) => a.passedOverHost !== undefined).length;
  if (failures.length === 0 || failures.length + notAsked < 2 || !failures.every((f) => unreachable(f.error))) return undefined;
  const notRunning = attempts
    .filter((a) => a.outcome === 'skipped' && a.reason === 'not running')
    .map((a) => `${a.provider}: not running${a.provider === 'ollama' ? ' (start it with: ollama serve)' : ''}`);
  // Providers on a host that failed earlier were not asked: named once per host.
  const byHost = new Map<string, string[]>();
  for (const a of attempts) if (a.passedOverHost) byHost.set(a.passedOverHost, [...(byHost.get(a.passedOverHost) ?? []), a.provider]);
  const passedOver = [...byHost].map(([host, providers]) => `${providers.join(', ')}: not asked (same host, ${host})`);
  return new OfflineError(failures, [...passedOver, ...notRunning]);
}
