import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HttpStatusError } from '../../src/ground/errors.js';
import { registerSecret } from '../../src/ground/redact.js';
import { ANTHROPIC_API, OPENAI_API } from '../../src/server/api-family.js';
import { PublicError, writeError } from '../../src/server/error-writer.js';
import { ServeError } from '../../src/server/request-errors.js';

const KEY = 'sk-unit-secret-0123456789abcdef';
registerSecret(KEY);

/** A response that keeps what was written to it. */
function fakeResponse(headersSent = false) {
  const written: { status?: number; headers?: Record<string, string>; body?: string; ended: boolean } = { ended: false };
  const res = {
    headersSent,
    writeHead(status: number, headers: Record<string, string>) {
      written.status = status;
      written.headers = headers;
      return res;
    },
    end(body?: string) {
      written.body = body;
      written.ended = true;
      return res;
    },
  };
  return { res: res as unknown as ServerResponse, written };
}

describe('one redacting writer for every error body', () => {
  it('a failure is made public with every form of a known key blanked out', () => {
    const echoed = `upstream said: Bearer ${KEY} / ${Buffer.from(KEY).toString('base64')}`;
    for (const failure of [new ServeError(401, echoed, 'invalid_request_error'), new HttpStatusError(401, echoed), new Error(echoed)]) {
      const error = PublicError.of(failure, 'groq');
      expect(error.message).toContain('upstream said');
      expect(error.message).not.toContain(KEY);
      expect(error.message).not.toContain(Buffer.from(KEY).toString('base64'));
    }
  });

  it('the key inside a longer base64 text (a whole header, Basic user:key) is blanked out at every alignment', () => {
    for (const around of [`Bearer ${KEY}`, `user:${KEY}`, `x${KEY}`, `${KEY}:rest`]) {
      const message = PublicError.of(new ServeError(401, `echo ${Buffer.from(around).toString('base64')}`, 'invalid_request_error')).message;
      const decoded = (message.match(/[A-Za-z0-9+/]{12,}/g) ?? []).flatMap((run) => [0, 1, 2, 3].map((skip) => Buffer.from(run.slice(skip), 'base64').toString('latin1')));
      for (const plain of decoded) expect(plain, around).not.toContain(KEY.slice(0, 12));
    }
  });

  it('a request refused keeps its status; the chain’s failures are 502, a rate limit 429 with Retry-After', () => {
    expect(PublicError.of(new ServeError(415, 'x', 'invalid_request_error', 'unsupported_media_type')).status).toBe(415);
    expect(PublicError.of(new Error('boom'), 'groq')).toMatchObject({ status: 502, code: 'all_providers_failed' });
    expect(PublicError.of(new HttpStatusError(429, 'slow down', { retryAfterSeconds: 7 }))).toMatchObject({ status: 429, headers: { 'retry-after': '7' } });
    const once = PublicError.of(new Error('boom'));
    expect(PublicError.of(once)).toBe(once);
  });

  it('writes the OpenAI shape or the Anthropic shape, by the route’s family', () => {
    const failure = new ServeError(403, `no ${KEY}`, 'invalid_request_error', 'origin_not_allowed', { vary: 'Origin' });
    const openai = fakeResponse();
    writeError(openai.res, OPENAI_API, failure);
    expect(openai.written.status).toBe(403);
    expect(openai.written.headers).toEqual({ 'content-type': 'application/json', vary: 'Origin' });
    expect(JSON.parse(openai.written.body!)).toEqual({ error: { message: expect.not.stringContaining(KEY), type: 'invalid_request_error', param: null, code: 'origin_not_allowed' } });
    const anthropic = fakeResponse();
    writeError(anthropic.res, ANTHROPIC_API, failure);
    expect(JSON.parse(anthropic.written.body!)).toEqual({ type: 'error', error: { type: 'permission_error', message: expect.not.stringContaining(KEY) } });
  });

  it('Anthropic error types follow the status', () => {
    const typeOf = (status: number) => (ANTHROPIC_API.errorBody(PublicError.of(new ServeError(status, 'm', 't'))) as { error: { type: string } }).error.type;
    expect([400, 401, 403, 404, 413, 415, 429, 502].map(typeOf)).toEqual(['invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'request_too_large', 'invalid_request_error', 'rate_limit_error', 'api_error']);
  });

  it('once an answer has begun, only ends it (its stream carried the error)', () => {
    const { res, written } = fakeResponse(true);
    writeError(res, OPENAI_API, new Error('late'));
    expect(written).toEqual({ ended: true, body: undefined });
  });
});
