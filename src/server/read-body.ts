import type { IncomingMessage } from 'node:http';
import { ServeError } from './request-errors.js';

/** Agent clients send whole conversations with tool results: room for them, and a bound. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A request body as text, refused with 413 past the bound. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Answered at once; the rest of the upload is read and dropped so the answer arrives.
        if (chunks.length > 0) reject(new ServeError(413, `the request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`, 'invalid_request_error', 'request_too_large'));
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    // A short body arrives in one chunk: read as it is, not copied into a new buffer first.
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A request body as bytes (a multipart upload), refused with 413 past `limit`. */
export function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Answered at once; the rest of the upload is read and dropped so the answer arrives.
        if (!refused) reject(new ServeError(413, `the request body is larger than ${Math.round(limit / 1024 / 1024)} MiB`, 'invalid_request_error', 'request_too_large'));
        refused = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
