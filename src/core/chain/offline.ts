import { NetworkError, OfflineError, TimeoutError, type G4fError } from '../../ground/errors.js';
import type { Attempt } from './chain.js';

/** Failures that say nothing about the service, only that it could not be reached. */
function unreachable(error: G4fError): boolean {
  if (error instanceof TimeoutError) return error.firstByte === true;
  return error instanceof NetworkError && /connection refused|host not found|could not connect|network is unreachable|EHOSTUNREACH|ENETUNREACH/.test(error.message);
}

/**
 * When two or more providers were tried and none could be reached, the run is offline: one
 * summary line first, a local server that was not running named (never skipped silently),
 * then what works: Ollama, a key for later, a server of one's own.
 */
export function offlineError(failures: ReadonlyArray<{ provider: string; error: G4fError }>, attempts: readonly Attempt[]): OfflineError | undefined {
  if (failures.length < 2 || !failures.every((f) => unreachable(f.error))) return undefined;
  const notRunning = attempts
    .filter((a) => a.outcome === 'skipped' && a.reason === 'not running')
    .map((a) => `${a.provider}: not running${a.provider === 'ollama' ? ' (start it with: ollama serve)' : ''}`);
  const steps = [
    'answers without a network: start Ollama (ollama serve; ollama pull llama3.2), then ask again',
    'a server of your own on this network: g4f-chat ask -p openai --base-url http://host:port/v1 "…"',
    'once online, a key of your own is the steadiest route: g4f-chat keys set openai (or groq, gemini…)',
  ];
  return new OfflineError(failures, notRunning, steps.join('\n        '));
}
