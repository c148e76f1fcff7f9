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

/**
 * Google's `{"error":{code, message, status}}` (googleapis/js-genai `ApiError`, which reads the
 * status name), for the Gemini API's routes; the same object is sent as an event inside a stream.
 */
export const GEMINI_API: ApiFamily = {
  name: 'gemini',
  errorBody: (error) => ({ error: { code: error.status, message: error.message, status: googleStatus(error.status) } }),
};

/** Ollama's `{"error":"…"}` (ollama/ollama api/client.go `StatusError`; ollama-js reads `error` as a string). */
export const OLLAMA_API: ApiFamily = {
  name: 'ollama',
  errorBody: (error) => ({ error: error.message }),
};

/** Google's canonical status names by HTTP status (google.rpc.Code). */
function googleStatus(status: number): string {
  const names: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ABORTED', 429: 'RESOURCE_EXHAUSTED', 499: 'CANCELLED', 501: 'UNIMPLEMENTED', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED' };
  return names[status] ?? (status >= 500 ? (status === 502 ? 'UNAVAILABLE' : 'INTERNAL') : 'INVALID_ARGUMENT');
}
