import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { hostAllowed, type LocalEnd } from './host-allowlist.js';
import { originAllowed } from './origin-allowlist.js';
import { ServeError } from './request-errors.js';

/** Who may use the server: set once by `serve`'s flags. */
export interface GuardPolicy {
  /** The token clients must send (`--api-key`), when set. */
  token?: string;
  /** Host names allowed besides loopback and the address connected to (`--allow-host`). */
  allowHosts: readonly string[];
  /** Page origins allowed besides loopback ones (`--allow-origin`). */
  allowOrigins: readonly string[];
}

/** What the guard reads of a request: nothing of its body. */
export interface GuardedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  /** The local end of the connection (the address and port the client connected to). */
  local: LocalEnd;
  /** The `?key=` of the URL, on routes whose API sends the token so (Gemini's). */
  queryKey?: string;
}

/** The methods of every route: DELETE removes a stored response, a conversation or one of its items. */
const METHODS = 'GET, POST, DELETE, OPTIONS';

export type GuardVerdict =
  | { kind: 'refuse'; error: ServeError }
  /** A CORS preflight from an allowed page (or a bare OPTIONS): answered 204 with these headers. */
  | { kind: 'preflight'; headers: Record<string, string> }
  /** Go on to the route, adding these headers to the answer. */
  | { kind: 'pass'; headers: Record<string, string> };

/**
 * The one check every route goes through, before its body is read and before any provider is
 * asked: the Host (DNS rebinding), the Origin (pages of other sites), the token, and a JSON
 * Content-Type on every POST (a form or a `text/plain` fetch needs no CORS preflight, so a
 * page could send one anywhere; a JSON one must be preflighted, and is then refused).
 * `open` routes (GET /health) need no token; `multipart` routes take a multipart upload too.
 */
export function guardRequest(request: GuardedRequest, policy: GuardPolicy, open = false, multipart = false): GuardVerdict {
  const host = one(request.headers.host);
  if (!hostAllowed(host, request.local, policy.allowHosts)) {
    return refuse(403, `Host ${shown(host)} is not allowed: this server answers to localhost, 127.0.0.1, [::1] and the address it listens on; allow a name with --allow-host NAME`, 'host_not_allowed');
  }
  const origin = one(request.headers.origin);
  if (origin !== undefined && !originAllowed(origin, policy.allowOrigins)) {
    return refuse(403, `requests from web pages of ${shown(origin)} are not allowed: allow that origin with --allow-origin ${shown(origin)}`, 'origin_not_allowed');
  }
  const cors = origin === undefined ? {} : corsHeaders(origin);
  if (request.method === 'OPTIONS') return { kind: 'preflight', headers: origin === undefined ? { allow: METHODS } : { ...cors, ...preflightHeaders(request.headers) } };
  if (!open && policy.token && !tokenMatches(request.headers, policy.token, request.queryKey)) {
    return refuse(401, 'Incorrect API key provided for this g4f-chat server', 'invalid_api_key', cors);
  }
  // An upload route (OpenAI's image edits) takes multipart too: a page's form could send one
  // without a preflight, but a browser sends its Origin on every POST, refused above unless allowed.
  if (request.method === 'POST' && !isJson(one(request.headers['content-type'])) && !(multipart && isMultipart(one(request.headers['content-type'])))) {
    return refuse(415, `Content-Type must be application/json${multipart ? ' or multipart/form-data' : ''} (got ${shown(one(request.headers['content-type']) ?? 'none')})`, 'unsupported_media_type', cors);
  }
  return { kind: 'pass', headers: cors };
}

/** `application/json`, with parameters such as `; charset=utf-8` or not. */
export function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
}

/** `multipart/form-data` with its boundary. */
export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data\s*;\s*boundary=/i.test(contentType?.trim() ?? '');
}

/**
 * The token as OpenAI's clients send it (`Authorization: Bearer`), Anthropic's (`x-api-key`),
 * or Google's (`x-goog-api-key`, or `?key=` in the URL); compared in constant time.
 */
export function tokenMatches(headers: IncomingHttpHeaders, token: string, queryKey?: string): boolean {
  const header = headers.authorization ? headers.authorization.replace(/^Bearer\s+/i, '') : (one(headers['x-api-key']) ?? one(headers['x-goog-api-key']) ?? queryKey);
  const given = Buffer.from(header ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function corsHeaders(origin: string): Record<string, string> {
  // The page's own origin, not `*`: the answer differs by Origin, so caches must keep them apart.
  return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': 'retry-after' };
}

function preflightHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  // The SDKs send headers of their own (x-stainless-*, anthropic-version): an allowed page may send what it asks for.
  const asked = one(headers['access-control-request-headers']);
  const allowHeaders = asked && /^[\w-]+(\s*,\s*[\w-]+)*$/.test(asked.trim()) ? asked.trim() : 'authorization, content-type, x-api-key, anthropic-version, x-goog-api-key';
  return {
    'access-control-allow-methods': METHODS,
    'access-control-allow-headers': allowHeaders,
    'access-control-max-age': '600',
    // Chrome's Private Network Access: a public page reaching this machine asks for it explicitly.
    ...(one(headers['access-control-request-private-network']) === 'true' ? { 'access-control-allow-private-network': 'true' } : {}),
  };
}

function refuse(status: number, message: string, code: string, headers: Record<string, string> = {}): GuardVerdict {
  return { kind: 'refuse', error: new ServeError(status, message, 'invalid_request_error', code, headers) };
}

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** A header value said back to its sender: on one line, bounded. */
const shown = (value: string | undefined) => JSON.stringify((value ?? '').slice(0, 200));
