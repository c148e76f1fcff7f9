import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';

/** How long a connection may take over each step, so idle or slow clients cannot hold sockets. */
export interface ConnectionBounds {
  /** A connection that sends nothing (before its first request) is closed after this. */
  idleMs: number;
  /** The request line and headers must have arrived within this (slowloris sends them a byte at a time). */
  headersMs: number;
  /** The whole request, body included (up to 16 MiB), must have arrived within this. */
  requestMs: number;
  /** A kept-alive connection waiting for its next request is closed after this. */
  keepAliveMs: number;
}

export const DEFAULT_IDLE_SECONDS = 10;

/** The bounds for an idle timeout: headers within it too, keep-alive at most 5 s (Node's own default), a request within 2 minutes. */
export function connectionBounds(idleSeconds = DEFAULT_IDLE_SECONDS): ConnectionBounds {
  const idleMs = Math.round(idleSeconds * 1000);
  return { idleMs, headersMs: idleMs, requestMs: Math.max(120_000, idleMs), keepAliveMs: Math.min(5000, idleMs) };
}

/**
 * Node's own timers for headers, request and keep-alive. Node checks the first two on an
 * interval (30 s by default, which would let a slow client hold on well past the bound):
 * checked every second here, more often for shorter bounds.
 */
export function httpServerOptions(bounds: ConnectionBounds): ServerOptions {
  return {
    headersTimeout: bounds.headersMs,
    requestTimeout: bounds.requestMs,
    keepAliveTimeout: bounds.keepAliveMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(bounds.headersMs / 4))),
  };
}

/**
 * A connection that sends nothing at all is outside Node's header timer (it counts from the
 * first byte): an idle timer closes it. A connection with an answer under way (`answering`: the
 * server adds a request's socket when it comes and removes it when its answer closes) is never
 * closed by it, however long the upstream is silent (--timeout bounds that).
 */
export function closeIdleConnections(server: Server, bounds: ConnectionBounds, answering: WeakSet<Socket>): void {
  // With a 'timeout' listener Node leaves the decision here instead of destroying every socket that times out.
  server.setTimeout(bounds.idleMs, (socket: Socket) => {
    if (!answering.has(socket)) socket.destroy();
  });
}
