import { ANTHROPIC_API, GEMINI_API, OLLAMA_API, OPENAI_API, type ApiFamily } from './api-family.js';
import { CHAT_COMPLETIONS } from './chat-completions.js';
import { answerChat, writeJson, type Exchange } from './chat-endpoint.js';
import { answerGeminiMethod, GEMINI_METHOD_PATH, listGeminiModels } from './gemini-routes.js';
import { answerEmbeddings, answerOllamaEmbed } from './embeddings-routes.js';
import { IMAGE_ROUTES } from './images-routes.js';
import { listModels } from './list-models.js';
import { answerOllamaChat, answerOllamaGenerate, ollamaRunning, ollamaShow, ollamaTags, ollamaVersion } from './ollama-routes.js';
import { MESSAGES } from './messages-api.js';
import { ServeError } from './request-errors.js';
import { RESPONSES } from './responses-api.js';
import { STORED_ROUTES } from './stored-routes.js';

/** One route of the server: where, in which API's error shape, and what answers it. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Its paths, with and without the `/v1` prefix (clients are configured either way). */
  paths: readonly string[];
  /** Paths that carry a value (Gemini's `/v1beta/models/{model}:{method}`), besides `paths`. */
  pattern?: RegExp;
  /** How a pattern route is named in a 404's list of routes. */
  shown?: string;
  family: ApiFamily;
  /** Answered without the token: it says nothing but that the server is up (or a capability URL's id is the key). */
  open?: boolean;
  /** Takes a multipart upload besides JSON (OpenAI's image edits). */
  multipart?: boolean;
  run(exchange: Exchange): Promise<void> | void;
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', paths: ['/health'], family: OPENAI_API, open: true, run: ({ res }) => writeJson(res, 200, { status: 'ok' }) },
  { method: 'GET', paths: ['/v1/models', '/models'], family: OPENAI_API, run: async ({ res, ctx }) => writeJson(res, 200, await listModels(ctx, ctx.modelCache)) },
  { method: 'POST', paths: ['/v1/chat/completions', '/chat/completions'], family: OPENAI_API, run: (exchange) => answerChat(CHAT_COMPLETIONS, exchange) },
  { method: 'POST', paths: ['/v1/responses', '/responses'], family: OPENAI_API, run: (exchange) => answerChat(RESPONSES, exchange) },
  { method: 'POST', paths: ['/v1/messages', '/messages'], family: ANTHROPIC_API, run: (exchange) => answerChat(MESSAGES, exchange) },
  { method: 'GET', paths: ['/v1beta/models'], family: GEMINI_API, run: listGeminiModels },
  // Apps that speak Ollama's API probe `GET /` (or HEAD) for these words before anything else.
  { method: 'GET', paths: [''], shown: '/', family: OLLAMA_API, open: true, run: ({ res }) => void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Ollama is running') },
  { method: 'GET', paths: ['/api/version'], family: OLLAMA_API, run: ollamaVersion },
  { method: 'GET', paths: ['/api/tags'], family: OLLAMA_API, run: ollamaTags },
  { method: 'GET', paths: ['/api/ps'], family: OLLAMA_API, run: ollamaRunning },
  { method: 'POST', paths: ['/api/show'], family: OLLAMA_API, run: ollamaShow },
  { method: 'POST', paths: ['/api/chat'], family: OLLAMA_API, run: answerOllamaChat },
  { method: 'POST', paths: ['/api/generate'], family: OLLAMA_API, run: answerOllamaGenerate },
  { method: 'POST', paths: ['/api/embed'], family: OLLAMA_API, run: answerOllamaEmbed },
  { method: 'POST', paths: ['/v1/embeddings', '/embeddings'], family: OPENAI_API, run: answerEmbeddings },
  { method: 'POST', paths: [], shown: '/v1beta/models/{model}:generateContent', pattern: GEMINI_METHOD_PATH, family: GEMINI_API, run: answerGeminiMethod },
  ...IMAGE_ROUTES,
  ...STORED_ROUTES,
];

/**
 * Every route a path of the table matches, in the table's order: its own and any pattern route
 * the same path fits. Found once, so that a request to a fixed path tests no pattern.
 */
const ROUTES_OF_PATH: ReadonlyMap<string, readonly Route[]> = new Map(
  ROUTES.flatMap((r) => r.paths).map((path): [string, Route[]] => [path, ROUTES.filter((r) => r.paths.includes(path) || r.pattern?.test(path))]),
);
const PATTERN_ROUTES = ROUTES.filter((r) => r.pattern);

/**
 * The route of a path (`/v1/models/` is `/v1/models`; a query is not part of it), the one of the
 * request's method where a path has several (GET and DELETE /v1/responses/{id}), and the error
 * shape its clients read.
 */
export function routeOf(url: string | undefined, method?: string): { path: string; route?: Route; family: ApiFamily } {
  const path = pathOf(url ?? '');
  const matching = ROUTES_OF_PATH.get(path) ?? PATTERN_ROUTES.filter((r) => r.pattern!.test(path));
  let route = matching[0];
  for (const r of matching) {
    if (r.method === method) {
      route = r;
      break;
    }
  }
  return { path, route, family: route?.family ?? familyOfPath(path) };
}

/** A URL's path without its query and trailing slashes. */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return path.endsWith('/') ? path.replace(/\/+$/, '') : path;
}

/** A path no route has is answered in the shape its API's clients read: Ollama's under /api, Gemini's under /v1beta. */
function familyOfPath(path: string): ApiFamily {
  if (path.startsWith('/api/')) return OLLAMA_API;
  if (path.startsWith('/v1beta/')) return GEMINI_API;
  return OPENAI_API;
}

export function noRoute(method: string | undefined, path: string): ServeError {
  const known = ROUTES.map((r) => `${r.method} ${r.shown ?? r.paths[0]}`).join(', ');
  return new ServeError(404, `no route ${method} ${path}; this server has ${known}`, 'invalid_request_error', 'not_found');
}
