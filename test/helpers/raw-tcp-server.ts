import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { track } from './loopback-server.js';

export interface RawTcpServer {
  url: string;
  /** Each request exactly as its bytes arrived: head and body, decoded as latin1 (byte = char). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A TCP server that records each request's raw bytes (head, then Content-Length bytes of
 * body) and answers with `respond`'s bytes, then closes the connection.
 */
export async function startRawTcpServer(respond: (request: string) => Buffer | string): Promise<RawTcpServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = buffer.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      const request = buffer.subarray(0, end + 4 + length).toString('latin1');
      requests.push(request);
      socket.end(respond(request));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return track({
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}

/** An HTTP/1.1 response with a body of bytes, closing the connection. */
export function rawResponse(status: number, headers: Record<string, string>, body: Buffer | string): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const head = [`HTTP/1.1 ${status} X`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${bytes.length}`, 'Connection: close', '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

export interface SilentTcpServer {
  url: string;
  /** Requests received so far: connections that sent bytes (each attempt sends one: a retry would show as two). */
  requests(): number;
  close(): Promise<void>;
}

/**
 * A server that accepts every connection, reads what is sent and never answers: what a
 * captive portal or a black-holing firewall looks like to a client.
 */
export async function startSilentTcpServer(): Promise<SilentTcpServer> {
  const sockets = new Set<Socket>();
  let received = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => (received += 1));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return track({
    url: `http://127.0.0.1:${port}`,
    requests: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}
