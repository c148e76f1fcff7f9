import type { PublicError } from './error-writer.js';

type Json = Record<string, unknown>;

/**
 * A family of routes that speaks one API, and so one error shape: its clients (the official SDKs)
 * parse errors in that shape only. Every refusal and failure of a route is written in its family's.
 */
export interface ApiFamily {
  readonly name: string;
  errorBody(error: PublicError): Json;
}

/** OpenAI's `{"error":{message, type, param, code}}` (openai-node `APIError`), for chat completions and responses. */
export const OPENAI_API: ApiFamily = {
  name: 'openai',
  errorBody: (error) => ({ error: { message: error.message, type: error.type, param: error.param, code: error.code } }),
};

/** Anthropic's `{"type":"error","error":{type, message}}` (anthropic-sdk-typescript `APIError`), for messages. */
export const ANTHROPIC_API: ApiFamily = {
  name: 'anthropic',
  errorBody: (error) => ({ type: 'error', error: { type: anthropicType(error.status), message: error.message } }),
};

/** Anthropic's error types by status (docs.anthropic.com "Errors"). */
function anthropicType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}
