import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { registerSecret } from '../ground/redact.js';
import { GEMINI_API } from './api-family.js';
import type { Exchange } from './chat-endpoint.js';
import { closeIdleConnections, connectionBounds, httpServerOptions, type ConnectionBounds } from './connection-bounds.js';
import { writeError } from './error-writer.js';
import { guardRequest, type GuardPolicy } from './request-guard.js';
import { noRoute, routeOf } from './routes.js';
import type { RequestOutcome, ServeContext } from './serve-context.js';

export interface ServerOptions {
  /** Requests must carry `Authorization: Bearer <token>` (or `x-api-key`) when set. */
  token?: string;
  /** Host names allowed besides loopback and the address listened on (`--allow-host`). */
  allowHosts?: readonly string[];
  /** Page origins allowed besides loopback ones (`--allow-origin`; `*` any). */
  allowOrigins?: readonly string[];
  /** Idle, header, keep-alive and request bounds (default: connectionBounds()). */
  bounds?: ConnectionBounds;
  /** One line per request (method, path, model, who answered, status, duration). */
  log(line: string): void;
}

export interface OpenAIServer {
  server: Server;
  /** Stops accepting, lets running answers finish for up to `graceMs`, then closes the rest. */
  shutdown(graceMs: number): Promise<void>;
}

/** An OpenAI-compatible (and Anthropic Messages) HTTP server in front of g4f-chat's providers (Node's own http). */
export function createOpenAIServer(ctx: ServeContext, options: ServerOptions): OpenAIServer {
  // The token is a secret like the providers' keys: never said back in an error body.
  registerSecret(options.token);
  const policy: GuardPolicy = { token: options.token, allowHosts: options.allowHosts ?? [], allowOrigins: options.allowOrigins ?? [] };
  const bounds = options.bounds ?? connectionBounds();
  const sockets = new Set<Socket>();
  // Connections with an answer under way: the idle timer leaves them open.
  const answering = new WeakSet<Socket>();
  let active = 0;
  let idle: (() => void) | undefined;
  const server = createServer(httpServerOptions(bounds), (req, res) => {
    active += 1;
    answering.add(req.socket);
    const started = performance.now();
    const outcome: RequestOutcome = {};
    res.on('close', () => {
      active -= 1;
      answering.delete(req.socket);
      const path = (req.url ?? '').split('?')[0];
      const who = outcome.provider ? ` → ${outcome.provider}` : '';
      options.log(`${req.method} ${path}${outcome.model ? ` ${outcome.model}` : ''}${who} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
      if (active === 0) idle?.();
    });
    void handle({ req, res, ctx, outcome }, policy);
  });
  closeIdleConnections(server, bounds, answering);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    server,
    async shutdown(graceMs) {
      server.close();
      if (active > 0) await Promise.race([new Promise<void>((resolve) => (idle = resolve)), new Promise((resolve) => setTimeout(resolve, graceMs))]);
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** Every request: the guard first (nothing read, nothing sent upstream on a refusal), then its route; any failure in the route's own error shape. */
async function handle(exchange: Exchange, policy: GuardPolicy): Promise<void> {
  const { req, res } = exchange;
  const { path, route, family } = routeOf(req.url, req.method);
  try {
    const queryKey = family === GEMINI_API ? (new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('key') ?? undefined) : undefined;
    const verdict = guardRequest({ method: req.method ?? '', headers: req.headers, local: { address: req.socket.localAddress, port: req.socket.localPort }, queryKey }, policy, route?.open, route?.multipart);
    if (verdict.kind === 'refuse') return refuse(req, res, () => writeError(res, family, verdict.error));
    for (const [name, value] of Object.entries(verdict.headers)) res.setHeader(name, value);
    if (verdict.kind === 'preflight') return void res.writeHead(204).end();
    // HEAD is a GET whose body Node leaves out (the Ollama CLI asks `HEAD /`).
    if (!route || (route.method !== req.method && !(req.method === 'HEAD' && route.method === 'GET'))) throw noRoute(req.method, path);
    await route.run(exchange);
  } catch (error) {
    writeError(res, family, error);
  }
}

/**
 * A refusal is answered without reading the body, and the connection closed after it: the
 * rest of an upload is not waited for, and whatever it holds is never parsed or sent on.
 */
function refuse(req: IncomingMessage, res: ServerResponse, write: () => void): void {
  res.shouldKeepAlive = false;
  write();
  req.resume();
}
