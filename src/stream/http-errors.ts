import { AuthError, BlockedError, HttpStatusError, type G4fError } from '../core/errors.js';
import { detectBlockedPage } from './blocked-page.js';

const MAX_RETRY_AFTER_DATE_MS = 24 * 3600 * 1000;

/** Turns a non-2xx answer into a typed error carrying the server's own message, never its HTML. */
export function errorFromResponse(status: number, headers: Record<string, string>, body: string): G4fError {
  const blocked = detectBlockedPage(body, headers);
  if (blocked) return new BlockedError(blocked);
  const message = serverMessage(body);
  const retryAfterSeconds = parseRetryAfter(headers['retry-after']);
  if (status === 401 || status === 403) {
    return new AuthError(status, message, { hint: 'check the API key (g4f-chat keys list)' });
  }
  if (status >= 300 && status < 400) {
    const target = headers.location ? ` to ${headers.location}` : '';
    return new HttpStatusError(status, `redirect${target} not followed (credentials stay with the configured host)`, { hint: 'point --base-url at the final address' });
  }
  if (status === 404) {
    return new HttpStatusError(status, message, { hint: 'check the model name and the base URL' });
  }
  return new HttpStatusError(status, message, { retryAfterSeconds });
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

function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  const ms = date - now;
  if (ms > MAX_RETRY_AFTER_DATE_MS) return MAX_RETRY_AFTER_DATE_MS / 1000;
  return Math.max(0, Math.ceil(ms / 1000));
}
