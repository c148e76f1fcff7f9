import { AuthError, BlockedError, HttpStatusError, type G4fError } from '../ground/errors.js';
import { redactAndCut } from '../ground/redact.js';
import { detectBlockedPage } from './blocked-page.js';

const MAX_RETRY_AFTER_DATE_MS = 24 * 3600 * 1000;

/** Turns a non-2xx answer into a typed error carrying the server's own message, never its HTML. */
export function errorFromResponse(status: number, headers: Record<string, string>, body: string): G4fError {
  const blocked = detectBlockedPage(body, headers);
  if (blocked) return new BlockedError(blocked);
  const message = serverMessage(body);
  const retryAfterSeconds = parseRetryAfter(headers['retry-after']) ?? (status === 429 ? parseRateLimitReset(headers) : undefined);
  if (status === 401 || status === 403) {
    return Object.assign(new AuthError(status, message), { remedy: { type: 'check-key' } as const });
  }
  if (status >= 300 && status < 400) {
    const target = headers.location ? ` to ${headers.location}` : '';
    return new HttpStatusError(status, `redirect${target} not followed (credentials stay with the configured host)`, { hint: 'point --base-url at the final address' });
  }
  if (status === 404) {
    return Object.assign(new HttpStatusError(status, message, { body }), { remedy: { type: 'check-model-and-url' } as const });
  }
  return new HttpStatusError(status, message, { retryAfterSeconds, body });
}

/** The message of `{"error": {"message"}}`, `{"error": "…"}`, `{"message"}` or `{"detail"}`, else the text itself. */
export function serverMessage(body: string): string {
  const text = body.trim();
  if (text.length === 0) return '';
  try {
    const json = JSON.parse(text) as unknown;
    const found = messageOf(json);
    if (found) return oneLine(found);
  } catch {
    // not JSON: fall through to the text itself
  }
  return oneLine(text);
}

export function messageOf(json: unknown): string | undefined {
  if (typeof json === 'string') return json;
  if (!json || typeof json !== 'object') return undefined;
  const record = json as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail', 'msg']) {
    const value = record[key];
    if (typeof value === 'string' && value) return value;
    if (value && typeof value === 'object') {
      const inner = messageOf(value);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** A server's words on one line, redacted before they are cut: a cut inside an echoed key must not leave its start. */
function oneLine(text: string, max = 300): string {
  return redactAndCut(text.replace(/\s+/g, ' ').trim(), max + 1);
}

/**
 * Retry-After is either delta-seconds (digits only: `1.5` and `-5` are neither form, and
 * are ignored rather than read as a date) or an HTTP date.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // An HTTP date names a weekday; anything else Date.parse would accept ("1.5") is not one.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  const ms = date - now;
  if (ms > MAX_RETRY_AFTER_DATE_MS) return MAX_RETRY_AFTER_DATE_MS / 1000;
  return Math.max(0, Math.ceil(ms / 1000));
}

/**
 * Rate-limit headers when Retry-After is absent: `x-ratelimit-reset-requests: 1m30s` (OpenAI,
 * Groq), or `x-ratelimit-reset` in seconds.
 */
export function parseRateLimitReset(headers: Record<string, string>): number | undefined {
  const value = headers['x-ratelimit-reset-requests'] ?? headers['x-ratelimit-reset'];
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const match = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(value.trim());
  if (!match || !match[0]) return undefined;
  const [, h, m, sec, ms] = match;
  return Math.ceil(Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(sec ?? 0) + Number(ms ?? 0) / 1000);
}
