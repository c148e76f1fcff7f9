import { HttpStatusError, NetworkError, type G4fError } from '../../ground/errors.js';
import type { ChainLink } from './chain.js';

/**
 * `openai failed after 6s (timed out…); trying groq`, the time left out under a second; a host
 * that could not be reached is named once with every provider on it:
 * `g4f.space: host not found — g4f-groq, g4f-gemini skipped; trying horde`.
 * Only a provider that will be asked is named as the next one.
 */
export function movingOnMessage(link: ChainLink, rest: readonly ChainLink[], error: G4fError, elapsedMs: number, willAsk: (link: ChainLink) => boolean): string | undefined {
  const next = rest.find(willAsk);
  const unreachable = error instanceof NetworkError ? error.unreachable : undefined;
  const sameHost = unreachable ? rest.filter((l) => hostOf(l.baseURL) === hostOf(link.baseURL)).map((l) => l.provider.id) : [];
  if (!next && sameHost.length === 0) return undefined;
  const took = elapsedMs >= 1000 ? ` after ${Math.round(elapsedMs / 1000)}s` : '';
  const failed = unreachable && sameHost.length > 0 ? `${unreachable.host}: ${unreachable.reason} — ${[link.provider.id, ...sameHost].join(', ')} skipped` : `${link.provider.id} failed${took} (${shortReason(error)})`;
  return next ? `${failed}; trying ${next.provider.id}` : failed;
}

/** `openai failed (HTTP 500), groq failed (timed out); answered by ollama · llama3.2` */
export function fallbackMessage(failures: ReadonlyArray<{ provider: string; error: G4fError }>, link: ChainLink): string {
  const failed = failures.map((f) => `${f.provider} failed (${shortReason(f.error)})`).join(', ');
  return `${failed}; answered by ${link.provider.id} · ${link.model}`;
}

/** `openai: HTTP 429, retrying in 20s (Ctrl-C to stop)` */
export function retryMessage(provider: string, reason: string, seconds: number): string {
  return `${provider}: ${reason}, retrying in ${seconds}s (Ctrl-C to stop)`;
}

/** `HTTP 429` for a status; otherwise the message, kept short. */
export function shortReason(error: G4fError): string {
  if (error instanceof HttpStatusError) return `HTTP ${error.status}`;
  const text = error.message.replace(/^[a-z0-9-]+: /, '');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** `host:port` of a base URL, the unit a chain passes over after a silence or an unreachable host. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
