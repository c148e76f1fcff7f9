import { randomBytes } from 'node:crypto';

let prefix: string | undefined;
let count = 0;

/**
 * An id for an answer no request looks up again (a chat completion's, a message's, a Gemini
 * response's): unique, not secret. A random prefix drawn once per process and a counter give
 * 24 hex digits, as a fresh random id did, without drawing random bytes for every request.
 * Ids that find something stored (responses, conversations, pictures) stay fully random.
 */
export function answerId(): string {
  prefix ??= randomBytes(6).toString('hex');
  return `${prefix}${(count++).toString(16).padStart(12, '0')}`;
}
