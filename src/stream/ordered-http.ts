import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

export interface OrderedRequest {
  url: URL;
  method: string;
  /** Every header in the order it goes on the wire; `Host` is put first when absent. */
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal: AbortSignal;
  timeoutMs: number;
  /** Longest wait for the connection and the response head; timeoutMs when unset. */
  firstByteMs?: number;
}

/** A timeout with undici's codes, so that both transports are explained the same way. */
function timeout(code: 'UND_ERR_CONNECT_TIMEOUT' | 'UND_ERR_HEADERS_TIMEOUT' | 'UND_ERR_BODY_TIMEOUT'): Error {
  return Object.assign(new Error('timed out'), { code });
}

/**
 * Sends a request whose headers must go out exactly in the given order (the seed
 * providers' protocols, where even Content-Length has its place). undici writes Host
 * and Connection first and Content-Length last whatever it is given; Node's own client
 * writes the headers as given and adds only what is missing (Connection, which is removed
 * again when the protocol had none).
 */
export function sendOrdered(req: OrderedRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const hasHost = Object.keys(req.headers).some((name) => name.toLowerCase() === 'host');
    const hasConnection = Object.keys(req.headers).some((name) => name.toLowerCase() === 'connection');
    const headers = hasHost ? req.headers : { Host: req.url.host, ...req.headers };
    const https = req.url.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const outgoing = send(req.url, { method: req.method, headers, signal: req.signal, agent: https ? agents.https : agents.http });
    if (!hasConnection) outgoing.removeHeader('connection');
    let answered = false;
    outgoing.setTimeout(req.firstByteMs ?? req.timeoutMs, () => outgoing.destroy(timeout(outgoing.socket?.connecting ? 'UND_ERR_CONNECT_TIMEOUT' : 'UND_ERR_HEADERS_TIMEOUT')));
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.on('response', (response) => {
      answered = true;
      // Silence while the body streams is its own timeout.
      outgoing.setTimeout(req.timeoutMs, () => response.destroy(timeout('UND_ERR_BODY_TIMEOUT')));
      resolve(response);
    });
    outgoing.end(req.body);
  });
}
