import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { track } from './loopback-server.js';

/** A request as it arrived, its body kept as bytes (a multipart upload is not text). */
export interface RawRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RawServer {
  url: string;
  origin: string;
  requests: RawRequest[];
  close(): Promise<void>;
}

/** A loopback HTTP server that keeps every request's body as bytes; closed by closeStartedServers. */
export async function rawServer(handler: (req: RawRequest, res: ServerResponse) => unknown): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      Promise.resolve()
        .then(() => handler(recorded, res))
        .catch((error: Error) => res.destroy(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return track({
    url: `http://127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}

/** A multipart body read with the platform's own parser, as a server would. */
export async function formOf(req: RawRequest): Promise<FormData> {
  return new Request('http://stand-in/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body: new Uint8Array(req.body) }).formData();
}

export const jsonOf = (req: RawRequest) => JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;

export function sendJsonRaw(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(json));
}

export function sendBytes(res: ServerResponse, bytes: Uint8Array, type: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': type, 'content-length': String(bytes.length), ...headers });
  res.end(Buffer.from(bytes));
}

/**
 * OpenAI's images API as documented (openai-node `resources/images.ts`, ImagesResponse):
 * `{created, data: [{b64_json, revised_prompt?}]}`, one entry per `n`, each the given picture.
 * GPT image models refuse `response_format` with a 400, as the docs say they do not take it.
 */
export function openAIImagesStandIn(picture: Uint8Array, options: { revisedPrompt?: string } = {}) {
  return async (req: RawRequest, res: ServerResponse) => {
    const edit = req.url === '/images/edits';
    if (req.method !== 'POST' || (req.url !== '/images/generations' && !edit)) return sendJsonRaw(res, 404, { error: { message: `no route ${req.url}` } });
    const fields = edit ? formFields(await formOf(req)) : jsonOf(req);
    const model = String(fields.model ?? 'dall-e-2');
    if (/^gpt-image/.test(model) && fields.response_format !== undefined) {
      return sendJsonRaw(res, 400, { error: { message: "Unknown parameter: 'response_format'.", type: 'invalid_request_error', param: 'response_format' } });
    }
    const n = Number(fields.n ?? 1);
    const b64 = Buffer.from(picture).toString('base64');
    sendJsonRaw(res, 200, { created: 1_700_000_000, data: Array.from({ length: n }, () => ({ b64_json: b64, ...(options.revisedPrompt ? { revised_prompt: options.revisedPrompt } : {}) })) });
  };
}

/** The text fields of a form, by name. */
export function formFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  form.forEach((value, name) => {
    if (typeof value === 'string') fields[name] = value;
  });
  return fields;
}
