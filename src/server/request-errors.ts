import { AllFailedError, G4fError, HttpStatusError, MissingKeyError, UsageError } from '../ground/errors.js';

/**
 * An error to answer with: its HTTP status, type, code and headers. Its message may hold what an
 * upstream said (keys echoed back): it reaches a client only through `error-writer.ts`, which redacts.
 */
export class ServeError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
    /** The request field at fault (OpenAI's `param`). */
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

/**
 * How a failure of the chain is told to an OpenAI client: a request the server cannot
 * route is 400/404; an upstream rate limit stays 429 with its Retry-After; every provider
 * failing is 502 with each one's reason.
 */
export function serveErrorOf(error: G4fError, providers?: string): ServeError {
  if (error instanceof ServeError) return error;
  if (error instanceof UsageError) return new ServeError(400, error.message, 'invalid_request_error');
  if (error instanceof MissingKeyError) return new ServeError(400, `${error.message} (on the server)`, 'invalid_request_error', 'missing_key');
  const limited = rateLimit(error);
  if (limited) return new ServeError(429, error.message, 'rate_limit_error', 'rate_limit_exceeded', limited.retryAfterSeconds !== undefined ? { 'retry-after': String(limited.retryAfterSeconds) } : {});
  const message = error instanceof AllFailedError ? error.message : `every provider failed: ${providers ? `${providers}: ` : ''}${error.message}`;
  return new ServeError(502, message, 'upstream_error', 'all_providers_failed');
}

function rateLimit(error: G4fError): HttpStatusError | undefined {
  if (error instanceof HttpStatusError && error.status === 429) return error;
  if (error instanceof AllFailedError && error.failures.length > 0 && error.failures.every((f) => f.error instanceof HttpStatusError && f.error.status === 429)) {
    return error.failures[0].error as HttpStatusError;
  }
  return undefined;
}
