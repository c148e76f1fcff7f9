import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { toG4fError } from '../ground/errors.js';
import { handleChatCompletions, type RequestOutcome, type ServeContext } from './chat-completions.js';
import { handleMessages, writeAnthropicError } from './messages-api.js';
import { handleResponses } from './responses-api.js';
import { listModels, type ModelCache } from './list-models.js';
import { ServeError, serveErrorOf } from './request-errors.js';

export interface ServerOptions {
  /** Requests must carry `Authorization: Bearer <token>` when set. */
  token?: string;
  /** `Access-Control-Allow-Origin` for browsers, when set. */
  cors?: string;
  /** One line per request (method, path, model, who answered, status, duration). */
  log(line: string): void;
}

export interface OpenAIServer {
  server: Server;
  /** Stops accepting, lets running answers finish for up to `graceMs`, then closes the rest. */
  shutdown(graceMs: number): Promise<void>;
}

/** An OpenAI-compatible HTTP server in front of g4f-chat's providers (Node's own http). */
export function createOpenAIServer(ctx: ServeContext, options: ServerOptions): OpenAIServer {
  const sockets = new Set<Socket>();
  const modelCache: ModelCache = ctx.modelCache;
  let active = 0;
  let idle: (() => void) | undefined;
  const server = createServer((req, res) => {
    active += 1;
    const started = performance.now();
    const outcome: RequestOutcome = {};
    res.on('close', () => {
      active -= 1;
      const path = (req.url ?? '').split('?')[0];
      const who = outcome.provider ? ` → ${outcome.provider}` : '';
      options.log(`${req.method} ${path}${outcome.model ? ` ${outcome.model}` : ''}${who} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
      if (active === 0) idle?.();
    });
    void route(req, res, ctx, options, outcome, modelCache).catch((error: unknown) => fail(res, error));
  });
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

async function route(req: IncomingMessage, res: ServerResponse, ctx: ServeContext, options: ServerOptions, outcome: RequestOutcome, modelCache: ModelCache): Promise<void> {
  if (options.cors) {
    res.setHeader('access-control-allow-origin', options.cors);
    res.setHeader('access-control-allow-headers', 'authorization, content-type, x-api-key, anthropic-version');
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  }
  const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
  if (req.method === 'OPTIONS') return void res.writeHead(204).end();
  if (path === '/health' && req.method === 'GET') return json(res, 200, { status: 'ok' });
  const messagesApi = path === '/v1/messages' || path === '/messages';
  if (options.token && !authorized(req, options.token)) {
    const refused = new ServeError(401, 'Incorrect API key provided for this g4f-chat server', 'invalid_request_error', 'invalid_api_key');
    if (messagesApi) return writeAnthropicError(res, refused);
    throw refused;
  }
  if ((path === '/v1/models' || path === '/models') && req.method === 'GET') return json(res, 200, await listModels(ctx, modelCache));
  if ((path === '/v1/chat/completions' || path === '/chat/completions') && req.method === 'POST') return handleChatCompletions(req, res, ctx, outcome);
  if ((path === '/v1/responses' || path === '/responses') && req.method === 'POST') return handleResponses(req, res, ctx, outcome);
  if (messagesApi && req.method === 'POST') return handleMessages(req, res, ctx, outcome);
  throw new ServeError(404, `no route ${req.method} ${path}; this server has POST /v1/chat/completions, POST /v1/responses, POST /v1/messages, GET /v1/models, GET /health`, 'invalid_request_error', 'not_found');
}

/** The token as OpenAI's clients send it (`Authorization: Bearer`), or Anthropic's (`x-api-key`). */
function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ? req.headers.authorization.replace(/^Bearer\s+/i, '') : req.headers['x-api-key'];
  const given = Buffer.from(typeof header === 'string' ? header : '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Any failure as OpenAI's error shape; never a crash, never a stack trace to the client. */
function fail(res: ServerResponse, error: unknown): void {
  const serveError = error instanceof ServeError ? error : serveErrorOf(toG4fError(error));
  if (res.headersSent) {
    res.end();
    return;
  }
  json(res, serveError.status, serveError.body(), serveError.headers);
}
