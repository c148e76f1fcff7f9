import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbortedError } from '../ground/errors.js';
import { McpServerError } from './mcp-transport.js';

/** Where the authorization server sends the browser back: a loopback address of ours (RFC 8252). */
export const REDIRECT_PATH = '/callback';
export const redirectUrlOf = (port: number) => `http://127.0.0.1:${port}${REDIRECT_PATH}`;

/** A free loopback port, for a redirect URL that is registered before anything listens on it. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The loopback port of the redirect URL could not be listened on. */
export class RedirectPortError extends McpServerError {
  override name = 'RedirectPortError';
}

export interface RedirectWait {
  /** The authorization code, once the browser comes back with the state we sent. */
  code: Promise<string>;
  /** Stops waiting (Ctrl-C): `code` fails with AbortedError. */
  cancel(): void;
  /** Keeps the process alive while the code is awaited (until then a forgotten wait never holds it open). */
  keepAlive(): void;
}

/**
 * Listens on 127.0.0.1:`port` for the browser's return from the authorization server, for at
 * most `timeoutMs`. A return whose `state` is not the one sent is refused (the sign-in fails:
 * someone else's code is never exchanged); an `error` from the server ends it with that error.
 * The page the browser shows repeats nothing it was sent.
 */
export async function listenForRedirect(server: string, port: number, expectedState: string, timeoutMs: number): Promise<RedirectWait> {
  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  // The caller may not be awaiting yet when it fails: never an unhandled rejection.
  code.catch(() => {});
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const finish = (outcome: { code: string } | { error: Error }) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    listener.close();
    setImmediate(() => listener.closeAllConnections());
    if ('code' in outcome) settle.resolve(outcome.code);
    else settle.reject(outcome.error);
  };
  const page = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
    res.end(`<!doctype html><title>g4f-chat</title><p>${text}</p>`);
  };
  const listener = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== REDIRECT_PATH || done) return page(res, 404, 'Not found.');
    const params = url.searchParams;
    if (params.get('state') !== expectedState) {
      page(res, 400, 'Refused: this sign-in was not started here (its state does not match). Nothing was stored.');
      return finish({ error: new McpServerError(server, 'sign-in refused: the browser came back with a state that does not match the one sent (nothing was stored)') });
    }
    const error = params.get('error');
    if (error) {
      page(res, 400, 'The sign-in was not completed. You can close this tab.');
      const why = [error, params.get('error_description')].filter(Boolean).join(': ').slice(0, 300);
      return finish({ error: new McpServerError(server, `the authorization server did not sign you in (${why})`) });
    }
    const got = params.get('code');
    if (!got) return page(res, 400, 'No authorization code came back.');
    page(res, 200, 'g4f-chat is signed in. You can close this tab.');
    finish({ code: got });
  });
  await new Promise<void>((resolve, reject) => {
    // No cause: an error with a network code would read as the server's own failure to connect.
    listener.once('error', (error: NodeJS.ErrnoException) => reject(new RedirectPortError(server, `cannot listen on 127.0.0.1:${port} for the sign-in's return (${error.code ?? error.message})`)));
    listener.listen(port, '127.0.0.1', () => resolve());
  });
  const within = timeoutMs % 60_000 === 0 ? `${timeoutMs / 60_000} minutes` : `${timeoutMs / 1000}s`;
  timer = setTimeout(() => finish({ error: new McpServerError(server, `no sign-in within ${within}: gave up waiting`) }), timeoutMs);
  listener.unref();
  timer.unref();
  return {
    code,
    cancel: () => finish({ error: new AbortedError() }),
    keepAlive: () => {
      listener.ref();
      timer?.ref();
    },
  };
}
