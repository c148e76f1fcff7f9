import type { ServerResponse } from 'node:http';
import { toG4fError } from '../ground/errors.js';
import { redact } from '../ground/redact.js';
import type { ApiFamily } from './api-family.js';
import { ServeError, serveErrorOf } from './request-errors.js';

/**
 * A failure as a client may see it. Its message is redacted of every key this process knows
 * (the providers' keys, serve's own token) in every form: an upstream that echoes the
 * Authorization header it got must not hand the key to whoever sent the request. Error bodies
 * and in-stream errors are built from this only, so no route can write an unredacted one.
 */
export class PublicError {
  private constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string | null,
    readonly param: string | null,
    readonly message: string,
    readonly headers: Readonly<Record<string, string>>,
  ) {}

  /** Any failure: a request refused (ServeError keeps its status), or the chain's (`providers` named in it). */
  static of(failure: unknown, providers?: string): PublicError {
    if (failure instanceof PublicError) return failure;
    const error = failure instanceof ServeError ? failure : serveErrorOf(toG4fError(failure), providers);
    return new PublicError(error.status, error.type, error.code, error.param, redact(error.message), error.headers);
  }
}

/** Any failure before an answer began, in the route's own error shape; never a stack trace to the client. */
export function writeError(res: ServerResponse, family: ApiFamily, failure: unknown): void {
  const error = PublicError.of(failure);
  if (res.headersSent) {
    // The answer had begun and its own stream carried what it could: only end it.
    res.end();
    return;
  }
  res.writeHead(error.status, { 'content-type': 'application/json', ...error.headers });
  res.end(JSON.stringify(family.errorBody(error)));
}
