import { AbortedError, G4fError, NetworkError, TimeoutError, type NetworkFailureKind } from '../ground/errors.js';
import type { HttpRequest } from './http-request.js';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** The wait allowed before the first byte: the first-byte limit, never above the silence limit. */
export function firstByteLimit(req: Pick<HttpRequest, 'timeoutMs' | 'firstByteMs'>): number {
  return req.firstByteMs ? Math.min(req.firstByteMs, req.timeoutMs) : req.timeoutMs;
}

/** Any failure of a request, as the typed error the CLI explains: timeouts, the network, a proxy. */
export function mapFailure(error: unknown, req: HttpRequest): G4fError {
  if (error instanceof G4fError) return error;
  if (req.signal.aborted) return new AbortedError();
  const proxy = proxyFor(req);
  if (proxy) {
    const proxied = proxyFailure(error, proxy, req);
    if (proxied) return proxied;
  }
  const code = errorCode(error);
  if (code && TIMEOUT_CODES.has(code)) {
    const silent = code === 'UND_ERR_BODY_TIMEOUT';
    const seconds = Math.round((silent ? req.timeoutMs : firstByteLimit(req)) / 100) / 10;
    const phase = silent ? 'the stream went silent' : code === 'UND_ERR_HEADERS_TIMEOUT' ? 'no response' : 'could not connect';
    const timedOut = new TimeoutError(`timed out: ${phase} for ${seconds}s (${hostOf(req.url)})`, error);
    // Nothing at all came back within the first-byte limit: that limit is the one to raise.
    if (!silent && firstByteLimit(req) < req.timeoutMs) timedOut.hint = 'raise the limit with --first-byte-timeout <seconds>';
    timedOut.firstByte = !silent;
    return timedOut;
  }
  const detail = describeNetworkFailure(code, error);
  // A name that does not exist will not exist a second later either (EAI_AGAIN is the transient
  // one), and nothing listening at an address will not be listening half a second later.
  const failure = new NetworkError(`${detail} (${hostOf(req.url)})`, error, code !== 'ENOTFOUND' && code !== 'ECONNREFUSED', networkFailureKind(code));
  if (code === 'ECONNREFUSED') failure.unreachable = { host: hostOf(req.url), reason: 'connection refused' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') failure.unreachable = { host: hostOf(req.url), reason: 'host not found' };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') failure.unreachable = { host: hostOf(req.url), reason: 'network unreachable' };
  return failure;
}

/** The proxy a request goes through (explicit, or from the environment unless NO_PROXY spares the host). */
function proxyFor(req: HttpRequest): string | undefined {
  if (req.proxy) return req.proxy;
  const env = process.env;
  const target = new URL(req.url);
  const proxy = target.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!proxy) return undefined;
  const spared = (env.NO_PROXY ?? env.no_proxy ?? '').split(/[\s,]+/).filter(Boolean);
  const host = target.hostname.toLowerCase();
  if (spared.some((entry) => entry === '*' || host === entry.replace(/^\./, '').split(':')[0] || host.endsWith(entry.startsWith('.') ? entry : `.${entry}`))) return undefined;
  return proxy;
}

/**
 * A failure at the proxy is the proxy's, said so: it could not be reached, it wants
 * credentials (407, never retried: the same request cannot succeed), or it could not reach
 * the service. Only the proxy's host is named; its password never is.
 */
function proxyFailure(error: unknown, proxy: string, req: HttpRequest): G4fError | undefined {
  let proxyHost = 'the proxy';
  try {
    proxyHost = `the proxy ${new URL(proxy).host}`;
  } catch {
    // not a URL: named generically
  }
  const message = error instanceof Error ? error.message : String(error);
  const status = /Proxy response \((\d{3})\)/.exec(message)?.[1];
  if (status === '407') {
    return new G4fError(`${proxyHost} asks for credentials (HTTP 407)`, { code: 'proxy', hint: 'put them in the proxy URL: http://user:password@host:port', cause: error });
  }
  if (status) return new NetworkError(`${proxyHost} could not reach ${hostOf(req.url)} (HTTP ${status})`, error, true, 'proxy');
  // undici's parser refusing the answer: the proxy is not an HTTP proxy (or, behind a tunnel
  // it opened, the server is not HTTP). undici raises the same error for both.
  if (error instanceof Error && (error.name === 'HTTPParserError' || /does not match the HTTP\/1\.1 protocol/.test(message))) {
    return Object.assign(new NetworkError(`no HTTP answer through ${proxyHost}: it, or the server behind it, sent something that is not HTTP/1.1`, error, false, 'proxy'), {
      hint: 'check that --proxy (or HTTPS_PROXY / HTTP_PROXY) is an HTTP proxy, with its port',
    });
  }
  const code = errorCode(error);
  if (code && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT'].includes(code) && !/Proxy response/.test(message)) {
    const what = code === 'ECONNREFUSED' ? 'refused the connection' : code === 'UND_ERR_CONNECT_TIMEOUT' ? 'did not answer' : code === 'ECONNRESET' ? 'closed the connection' : 'could not be found';
    return Object.assign(new NetworkError(`${proxyHost} ${what}`, error, code !== 'ENOTFOUND', 'proxy'), { hint: 'check --proxy, or HTTPS_PROXY / HTTP_PROXY / NO_PROXY' });
  }
  return undefined;
}

/** The kind of a failure from its system or undici code: what offline detection and hints decide on. */
function networkFailureKind(code: string | undefined): NetworkFailureKind {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'unreachable';
    case 'ECONNRESET':
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_SOCKET':
      return 'reset';
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'ended-early';
    default:
      return 'other';
  }
}

function describeNetworkFailure(code: string | undefined, error: unknown): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'UND_ERR_SOCKET':
      // undici refuses an interim response it did not ask for (an unsolicited 100 Continue).
      if (error instanceof Error && error.message === 'bad response') return 'the server sent an interim (1xx) response the HTTP client does not accept';
      return 'the connection was closed by the server';
    case 'ECONNRESET':
    case 'UND_ERR_CLOSED':
      return 'the connection was closed by the server';
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'the response ended early';
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return code ? `${message} [${code}]` : message;
    }
  }
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
