import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** Header names and values exactly as they arrived, in order. */
  rawHeaders: string[];
  body: string;
  /** Resolves when the client closes the connection. */
  closed: Promise<void>;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => unknown;

export interface LoopbackServer {
  url: string;
  port: number;
  /** Every request the handler answered, in order. */
  requests: RecordedRequest[];
  /** `GET …/models` requests answered 404 because the server keeps no model list (see ServerOptions). */
  modelListRequests: RecordedRequest[];
  close(): Promise<void>;
}

export interface ServerOptions {
  /**
   * Whether `GET …/models` goes to the handler. By default the stand-in is a server without a
   * model list: such a request is answered 404 and recorded apart, so a client that asks an
   * address the user set for its models first (server-default.ts) falls back to its default and
   * the handler sees only what the test is about.
   */
  listsModels?: boolean;
}

const MODEL_LIST_PATH = /\/models\/?(?:\?.*)?$/;

/** A real HTTP server on 127.0.0.1 that records every request and answers through `handler`. */
export async function startServer(handler: Handler, options: ServerOptions = {}): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const modelListRequests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
        closed,
      };
      if (!options.listsModels && recorded.method === 'GET' && MODEL_LIST_PATH.test(recorded.url)) {
        modelListRequests.push(recorded);
        sendJson(res, 404, { error: { message: 'no model list here', type: 'not_found' } });
        return;
      }
      requests.push(recorded);
      Promise.resolve().then(() => handler(recorded, res)).catch((error) => {
        res.destroy(error as Error);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    modelListRequests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One OpenAI streaming chunk as an SSE event. */
export function openAIChunk(content: string | undefined, extra: Record<string, unknown> = {}): string {
  const delta = content === undefined ? {} : { content };
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
}

export const openAIFinish = (reason = 'stop') =>
  `data: ${JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: {}, finish_reason: reason }] })}\n\n`;

export const openAIUsage = (prompt = 5, completion = 3) =>
  `data: ${JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } })}\n\n`;

/** Streams the given pieces of text as an OpenAI SSE answer, ending with usage and [DONE]. */
export function streamOpenAI(res: ServerResponse, pieces: readonly string[], options: { done?: boolean; end?: boolean } = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const piece of pieces) res.write(openAIChunk(piece));
  res.write(openAIFinish());
  res.write(openAIUsage());
  if (options.done ?? true) res.write('data: [DONE]\n\n');
  if (options.end ?? true) res.end();
}

export function sendJson(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(json));
}

const started: Array<{ close(): Promise<void> }> = [];

/** Starts a server that `closeStartedServers` (in an afterEach) shuts down. */
export async function serve(handler: Handler, options: ServerOptions = {}): Promise<LoopbackServer> {
  return track(await startServer(handler, options));
}

export function track<T extends { close(): Promise<void> }>(server: T): T {
  started.push(server);
  return server;
}

export async function closeStartedServers(): Promise<void> {
  await Promise.all(started.splice(0).map((s) => s.close()));
}
