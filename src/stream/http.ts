import type { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import type { Dispatcher } from 'undici';
import { BlockedError, ProtocolError } from '../ground/errors.js';
import { firstByteLimit, hostOf, mapFailure } from './http-failures.js';
import type { HttpRequest } from './http-request.js';

export type { HttpRequest } from './http-request.js';
import { skippingUnsolicitedContinue } from './interim-responses.js';
import { detectBlockedPage } from './blocked-page.js';
import { decodeContentEncoding } from './content-encoding.js';
import { bodyChunks } from './body-chunks.js';
import { errorFromResponse } from './http-errors.js';
import { publicOnlyLookup, refuseInternalTarget } from './public-lookup.js';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body in network chunks; stopping iteration closes the connection. */
  body: AsyncIterable<Uint8Array>;
  /**
   * Reads the whole body as text. With `limit`, at most that many bytes (the rest is not
   * read: error bodies); without, a body over MAX_BODY_BYTES is refused, never held.
   */
  text(limit?: number): Promise<string>;
  /** Closes the connection without reading further. */
  close(): void;
  /**
   * The protocol's own end of the answer was read (OpenAI's `[DONE]`): when the reader stops
   * now, what little may still follow (the body's end) is read and dropped, bounded by
   * END_OF_ANSWER_MS, so the connection can carry the next request instead of being cut.
   */
  endOfAnswer(): void;
}

const dispatchers = new Map<string, Dispatcher>();

/**
 * The largest body read whole (a non-streamed answer, a model list): ample for any real
 * one, and a bound on memory whatever a server sends.
 */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** How long a body whose answer is complete may take to end before its connection is cut. */
export const END_OF_ANSWER_MS = 1000;

interface Undici {
  Agent: typeof import('undici').Agent;
  buildConnector(options: { timeout: number; lookup?: typeof publicOnlyLookup }): Parameters<typeof skippingUnsolicitedContinue>[0];
  request(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
}
type ProxyAgents = Pick<typeof import('undici'), 'ProxyAgent' | 'EnvHttpProxyAgent'>;

let undiciModule: Promise<Undici> | undefined;

/**
 * undici is loaded on the first request, and only the parts used here: its index also
 * loads fetch, WebSocket, caches and mocks, which doubles the time to the first byte.
 * undici's parts ship no type declarations of their own: they are typed by `Undici`.
 */
function loadUndici(): Promise<Undici> {
  if (!undiciModule) keepWasmBaseline();
  undiciModule ??= import('./undici-parts.js').then(({ Agent, Dispatcher, apiRequest, apiConnect, buildConnector }) => {
    // What undici's index does for these two: proxies open their tunnel with `connect`.
    Object.assign(Dispatcher.prototype, { request: apiRequest, connect: apiConnect });
    return {
      Agent,
      buildConnector,
      request: (target: Dispatcher, options: Dispatcher.RequestOptions) => apiRequest.call(target, options),
    } satisfies Undici;
  });
  return undiciModule;
}

/**
 * Starts loading the HTTP client now, for a command that will send a request once it has read
 * its settings: undici's code is compiled while the settings' files are read, not after.
 */
export function loadHttpClientEarly(): void {
  void loadUndici().catch(() => undefined);
}

/**
 * undici parses HTTP with llhttp compiled to WebAssembly. By default V8 also recompiles
 * it with its optimising tier in the background, and the process cannot exit before that
 * work ends: about 50 ms on every short answer. The baseline tier parses a 200,000-chunk
 * stream just as fast (measured in bench/), with less memory.
 */
function keepWasmBaseline(): void {
  setFlagsFromString('--liftoff-only');
}

/** The proxy agents, loaded only when a proxy is configured. */
async function loadProxyAgents(): Promise<ProxyAgents> {
  const [proxyAgent, envProxyAgent] = await Promise.all([
    // @ts-expect-error untyped part of undici
    import('undici/lib/dispatcher/proxy-agent.js'),
    // @ts-expect-error untyped part of undici
    import('undici/lib/dispatcher/env-http-proxy-agent.js'),
  ]);
  return { ProxyAgent: proxyAgent.default, EnvHttpProxyAgent: envProxyAgent.default };
}

async function dispatcherFor(undici: Undici, timeoutMs: number, firstByteMs: number, proxy: string | undefined, publicOnly: boolean): Promise<Dispatcher> {
  const key = `${timeoutMs}|${firstByteMs}|${proxy ?? ''}|${publicOnly}`;
  let dispatcher = dispatchers.get(key);
  if (dispatcher) return dispatcher;
  const options = { connect: { timeout: firstByteMs }, headersTimeout: firstByteMs, bodyTimeout: timeoutMs };
  if (proxy) dispatcher = new (await loadProxyAgents()).ProxyAgent({ ...options, uri: proxy });
  else if (hasProxyEnvironment()) dispatcher = new (await loadProxyAgents()).EnvHttpProxyAgent(options);
  // undici types its connector callback more narrowly than it calls it.
  // Public only: the connector's lookup checks each address the socket will connect to.
  else dispatcher = new undici.Agent({ ...options, connect: skippingUnsolicitedContinue(undici.buildConnector({ timeout: firstByteMs, ...(publicOnly ? { lookup: publicOnlyLookup } : {}) })) as never });
  dispatchers.set(key, dispatcher);
  return dispatcher;
}

function hasProxyEnvironment(): boolean {
  const env = process.env;
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/**
 * Sends one request. A 2xx answer is returned for streaming; anything else is read
 * (bounded) and thrown as a typed error. Redirects are never followed, so credentials
 * never travel to another host.
 */
export async function send(req: HttpRequest): Promise<HttpResponse> {
  const firstByteMs = firstByteLimit(req);
  let raw: RawResponse;
  try {
    const url = new URL(req.url);
    if (req.internalAddresses === 'refuse') refuseInternalTarget(url, Boolean(req.proxy) || hasProxyEnvironment());
    if (req.exactHeaders && !req.proxy && !hasProxyEnvironment()) {
      const { sendOrdered } = await import('./ordered-http.js');
      raw = await sendOrdered({ url, method: req.method ?? 'POST', headers: req.headers, body: req.body, signal: req.signal, timeoutMs: req.timeoutMs, firstByteMs });
    } else {
      const undici = await loadUndici();
      raw = await undici.request(await dispatcherFor(undici, req.timeoutMs, firstByteMs, req.proxy, req.internalAddresses === 'refuse'), {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: req.method ?? 'POST',
        headers: req.exactHeaders ? withoutTransportHeaders(req.headers) : req.headers,
        body: req.body,
        signal: req.signal,
        headersTimeout: firstByteMs,
        bodyTimeout: req.timeoutMs,
      });
    }
  } catch (error) {
    throw mapFailure(error, req);
  }
  const headers = flattenHeaders(raw.headers);
  const response = wrap(raw, headers, req);
  const redirect = req.returnRedirects && response.status >= 300 && response.status <= 399 && headers.location;
  if (!redirect && (response.status < 200 || response.status > 299)) {
    const text = await response.text(64 * 1024).catch(() => '');
    throw errorFromResponse(response.status, headers, text);
  }
  // No provider answers in HTML: a page here is a challenge or an error page, never the answer.
  if (!req.allowHtml && (headers['content-type'] ?? '').includes('text/html')) {
    const text = await response.text(64 * 1024).catch(() => '');
    throw new BlockedError(detectBlockedPage(text, headers) ?? 'an HTML page');
  }
  return response;
}

/** What both transports answer with: undici's response data, or Node's IncomingMessage. */
interface RawResponse {
  statusCode?: number;
  headers: Record<string, string | string[] | undefined>;
  body?: Readable;
}

/** undici writes these itself; given twice they would be refused or sent twice. */
function withoutTransportHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name.toLowerCase())));
}

function wrap(raw: RawResponse, headers: Record<string, string>, req: HttpRequest): HttpResponse {
  // undici's response data carries the body apart; Node's IncomingMessage is the body.
  const body = (raw.body ?? raw) as Readable;
  let answerComplete = false;
  const cut = () => {
    if (body.destroyed) return;
    // Destroying undici's body emits an AbortError; unheard, it would end the process.
    body.on('error', () => {});
    body.destroy();
  };
  const close = () => (answerComplete ? letEnd(body, cut) : cut());
  // Iterated without destroying the body when the reader stops: close() decides how it ends
  // (and no AbortError with its stack trace is made for a body that was read to its end).
  const chunks = () =>
    bodyChunks(
      () => decodeContentEncoding(body.iterator({ destroyOnReturn: false }), headers['content-encoding']),
      (error) => mapFailure(error, req),
      close,
    );
  return {
    status: raw.statusCode ?? 0,
    headers,
    body: chunks(),
    close: cut,
    endOfAnswer: () => (answerComplete = true),
    async text(limit?: number) {
      const decoder = new TextDecoder();
      let text = '';
      let size = 0;
      for await (const chunk of chunks()) {
        size += chunk.byteLength;
        if (limit === undefined && size > MAX_BODY_BYTES) {
          throw new ProtocolError(`the answer from ${hostOf(req.url)} is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB; not read`);
        }
        text += decoder.decode(chunk, { stream: true });
        if (limit !== undefined && size >= limit) break;
      }
      return text + decoder.decode();
    },
  };
}

/** Reads a body to its end and drops it, cutting it if it has not ended within END_OF_ANSWER_MS. */
function letEnd(body: Readable, cut: () => void): void {
  if (body.destroyed || body.readableEnded) return;
  body.on('error', () => {});
  const timer = setTimeout(cut, END_OF_ANSWER_MS);
  timer.unref();
  body.once('end', () => clearTimeout(timer));
  body.resume();
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
