import type { Socket } from 'node:net';

type Connector = (options: object, callback: (error: Error | null, socket: Socket | null) => void) => void;

// `HTTP/1.1 100 Continue` and its blank line, at the start of what the server sends.
const CONTINUE = /^HTTP\/1\.[01] 100[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n/;

/**
 * A client must accept 1xx responses before the final one, asked for or not (RFC 9110
 * 15.2). undici passes 102/103 over but closes the connection on an unsolicited
 * `100 Continue` ("bad response"). This connector hands undici sockets whose `read()`
 * drops a 100 status block arriving where a response starts (after a request was
 * written, before the first byte of its answer); all other bytes pass untouched.
 */
export function skippingUnsolicitedContinue(connect: Connector): Connector {
  return (options, callback) =>
    connect(options, (error, socket) => {
      if (error || !socket) return callback(error, socket);
      let awaitingHead = false;
      const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
      socket.write = ((...args: unknown[]) => {
        awaitingHead = true;
        return write(...args);
      }) as Socket['write'];
      const read = socket.read.bind(socket);
      socket.read = ((size?: number) => {
        const chunk = read(size) as Buffer | null;
        if (!awaitingHead || !chunk || chunk.length === 0) return chunk;
        awaitingHead = false;
        if (chunk[0] !== 0x48 /* H */) return chunk;
        const head = CONTINUE.exec(chunk.toString('latin1', 0, Math.min(chunk.length, 1024)));
        if (!head) return chunk;
        const rest = chunk.subarray(head[0].length);
        // What follows the 100 is still the start of the response.
        awaitingHead = rest.length === 0;
        return rest;
      }) as Socket['read'];
      callback(null, socket);
    });
}
