import { describe, expect, it } from 'vitest';
import { hostAllowed, parseHost } from '../../src/server/host-allowlist.js';
import { originAllowed } from '../../src/server/origin-allowlist.js';
import { guardRequest, isJson, isMultipart, tokenMatches, type GuardPolicy, type GuardedRequest } from '../../src/server/request-guard.js';

const LOCAL = { address: '127.0.0.1', port: 1337 };
const POLICY: GuardPolicy = { allowHosts: [], allowOrigins: [] };
const post = (headers: Record<string, string>): GuardedRequest => ({ method: 'POST', headers: { host: '127.0.0.1:1337', 'content-type': 'application/json', ...headers }, local: LOCAL });

describe('the Host allowlist (DNS rebinding)', () => {
  it('takes the loopback names on any port, and the address connected to on its own port', () => {
    for (const host of ['localhost', 'localhost:1337', 'LOCALHOST:9', 'localhost.:1337', '127.0.0.1:1337', '127.0.0.1', '[::1]:1337', '[::1]']) expect(hostAllowed(host, LOCAL, []), host).toBe(true);
    expect(hostAllowed('192.168.1.5:8080', { address: '192.168.1.5', port: 8080 }, [])).toBe(true);
    // A dual-stack socket names an IPv4 client's local end ::ffff:a.b.c.d.
    expect(hostAllowed('192.168.1.5:8080', { address: '::ffff:192.168.1.5', port: 8080 }, [])).toBe(true);
    expect(hostAllowed('192.168.1.5:9999', { address: '192.168.1.5', port: 8080 }, [])).toBe(false);
    expect(hostAllowed('192.168.1.5', { address: '192.168.1.5', port: 8080 }, [])).toBe(false);
  });

  it('refuses any other name, and anything that is not a host', () => {
    for (const host of ['evil.example:1337', 'evil.example', 'localhost.evil.example:1337', '127.0.0.1.nip.io:1337', '10.0.0.1:1337', 'user@localhost', 'localhost:1337/x', '', ' ', '[::1']) {
      expect(hostAllowed(host, LOCAL, []), host).toBe(false);
    }
  });

  it('takes --allow-host names (any port, or the one given) and "*"', () => {
    expect(hostAllowed('models.internal:1337', LOCAL, ['models.internal'])).toBe(true);
    expect(hostAllowed('MODELS.internal', LOCAL, ['models.internal'])).toBe(true);
    expect(hostAllowed('models.internal:8080', LOCAL, ['models.internal:8080'])).toBe(true);
    expect(hostAllowed('models.internal:8081', LOCAL, ['models.internal:8080'])).toBe(false);
    expect(hostAllowed('sub.models.internal', LOCAL, ['models.internal'])).toBe(false);
    expect(hostAllowed('anything.example:1', LOCAL, ['*'])).toBe(true);
    // An entry that is not a host name matches nothing (and breaks nothing).
    expect(hostAllowed('models.internal', LOCAL, ['not a host', 'models.internal'])).toBe(true);
    expect(hostAllowed('evil.example', LOCAL, ['not a host'])).toBe(false);
    expect(hostAllowed('192.168.100.250:80', { address: '::ffff:192.168.100.250', port: 80 }, [])).toBe(true);
  });

  it('a request without Host (HTTP/1.0; no browser sends one) cannot come from a rebound page', () => {
    expect(hostAllowed(undefined, LOCAL, [])).toBe(true);
  });

  it('parses names, ports and bracketed IPv6', () => {
    expect(parseHost('[::1]:8080')).toEqual({ name: '::1', port: 8080 });
    expect(parseHost('Example.COM.')).toEqual({ name: 'example.com' });
    expect(parseHost('a b')).toBeUndefined();
  });
});

describe('the Origin allowlist (pages of other sites)', () => {
  it('takes loopback pages on any port, http or https', () => {
    for (const origin of ['http://localhost:5173', 'http://localhost', 'https://localhost:8443', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'HTTP://LOCALHOST:1']) expect(originAllowed(origin, []), origin).toBe(true);
  });

  it('refuses other sites, look-alikes, other schemes and the opaque "null" origin', () => {
    for (const origin of ['http://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1.evil.example', 'chrome-extension://abc', 'null', 'file://', 'not an origin', '']) {
      expect(originAllowed(origin, []), origin).toBe(false);
    }
  });

  it('takes --allow-origin entries: exact, any port with :*, "null" literally, and "*"', () => {
    expect(originAllowed('https://app.example', ['https://app.example'])).toBe(true);
    expect(originAllowed('https://app.example', ['https://app.example/'])).toBe(true);
    expect(originAllowed('http://app.example', ['https://app.example'])).toBe(false);
    expect(originAllowed('https://app.example:8443', ['https://app.example'])).toBe(false);
    expect(originAllowed('https://app.example:8443', ['https://app.example:*'])).toBe(true);
    expect(originAllowed('http://app.example:8443', ['https://app.example:*'])).toBe(false);
    expect(originAllowed('null', ['null'])).toBe(true);
    expect(originAllowed('http://evil.example', ['*'])).toBe(true);
    // A port wildcard is for that host alone; an entry that is not an origin matches nothing.
    expect(originAllowed('https://evil.example', ['https://app.example:*'])).toBe(false);
    expect(originAllowed('https://evil.example', ['not an origin', 'https://app.example'])).toBe(false);
    expect(originAllowed('ftp://localhost', [])).toBe(false);
  });
});

describe('guardRequest: one check before every route', () => {
  it('refuses a foreign Host with 403 naming --allow-host, before the token is even looked at', () => {
    const verdict = guardRequest(post({ host: 'evil.example:1337' }), { ...POLICY, token: 'serve-token-0123456789' });
    expect(verdict.kind).toBe('refuse');
    if (verdict.kind !== 'refuse') return;
    expect(verdict.error.status).toBe(403);
    expect(verdict.error.code).toBe('host_not_allowed');
    expect(verdict.error.message).toContain('--allow-host');
    expect(verdict.error.type).toBe('invalid_request_error');
    // What the client sent is said back bounded.
    const long = guardRequest(post({ host: `${'a'.repeat(5000)}.example` }), POLICY);
    expect(long.kind === 'refuse' && long.error.message.length).toBeLessThan(400);
  });

  it('refuses a page of another site with 403 naming --allow-origin, whatever the content type', () => {
    for (const type of ['application/json', 'text/plain']) {
      const verdict = guardRequest(post({ origin: 'http://evil.example', 'content-type': type }), POLICY);
      expect(verdict.kind === 'refuse' && verdict.error.status).toBe(403);
      expect(verdict.kind === 'refuse' && verdict.error.message).toContain('--allow-origin "http://evil.example"');
      expect(verdict.kind === 'refuse' && verdict.error.code).toBe('origin_not_allowed');
    }
  });

  it('a POST that is not JSON is 415 naming application/json; parameters are fine; a GET needs none', () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json']) {
      const verdict = guardRequest(post({ 'content-type': type }), POLICY);
      expect(verdict.kind === 'refuse' && verdict.error.status, type).toBe(415);
      expect(verdict.kind === 'refuse' && verdict.error.message, type).toContain('application/json');
    }
    const none = guardRequest({ method: 'POST', headers: { host: 'localhost' }, local: LOCAL }, POLICY);
    expect(none.kind === 'refuse' && none.error).toMatchObject({ status: 415, code: 'unsupported_media_type', message: 'Content-Type must be application/json (got "none")' });
    const plain = guardRequest(post({ 'content-type': 'text/plain' }), POLICY);
    expect(plain.kind === 'refuse' && plain.error.message).toBe('Content-Type must be application/json (got "text/plain")');
    expect(guardRequest(post({ 'content-type': 'Application/JSON; charset=utf-8' }), POLICY).kind).toBe('pass');
    expect(guardRequest({ method: 'GET', headers: { host: 'localhost' }, local: LOCAL }, POLICY).kind).toBe('pass');
  });

  it('the token is asked of every route but an open one (GET /health)', () => {
    const policy = { ...POLICY, token: 'serve-token-0123456789' };
    const models: GuardedRequest = { method: 'GET', headers: { host: 'localhost' }, local: LOCAL };
    const refused = guardRequest(models, policy);
    expect(refused.kind === 'refuse' && refused.error).toMatchObject({ status: 401, code: 'invalid_api_key', message: expect.stringContaining('API key') });
    expect(guardRequest(models, policy, true).kind).toBe('pass');
    expect(guardRequest({ ...models, headers: { host: 'localhost', authorization: 'Bearer serve-token-0123456789' } }, policy).kind).toBe('pass');
  });

  it('a preflight from an allowed page is answered with what it asked for; one without Origin gets Allow', () => {
    const verdict = guardRequest({ method: 'OPTIONS', headers: { host: 'localhost', origin: 'http://localhost:5173', 'access-control-request-headers': 'content-type, x-stainless-os', 'access-control-request-private-network': 'true' }, local: LOCAL }, { ...POLICY, token: 'serve-token-0123456789' });
    expect(verdict).toEqual({
      kind: 'preflight',
      headers: {
        'access-control-allow-origin': 'http://localhost:5173',
        vary: 'Origin',
        'access-control-expose-headers': 'retry-after',
        'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
        'access-control-allow-headers': 'content-type, x-stainless-os',
        'access-control-max-age': '600',
        'access-control-allow-private-network': 'true',
      },
    });
    const odd = guardRequest({ method: 'OPTIONS', headers: { host: 'localhost', origin: 'http://localhost', 'access-control-request-headers': 'a\r\nb' }, local: LOCAL }, POLICY);
    // A request for headers that is not a list of names gets the headers the SDKs send, not itself back.
    const fallback = odd.kind === 'preflight' ? odd.headers['access-control-allow-headers'] : '';
    expect(fallback).toMatch(/^authorization, content-type, x-api-key, anthropic-version\b/);
    expect(fallback).not.toMatch(/[\r\n]/);
    expect(guardRequest({ method: 'OPTIONS', headers: { host: 'localhost' }, local: LOCAL }, POLICY)).toEqual({ kind: 'preflight', headers: { allow: 'GET, POST, DELETE, OPTIONS' } });
    // Names as browsers list them (any spacing) are given back trimmed; Private Network Access only when asked.
    for (const asked of [' content-type,authorization ', 'content-type ,  x-api-key, anthropic-version']) {
      const plain = guardRequest({ method: 'OPTIONS', headers: { host: 'localhost', origin: 'http://localhost', 'access-control-request-headers': asked }, local: LOCAL }, POLICY);
      expect(plain.kind === 'preflight' && plain.headers['access-control-allow-headers']).toBe(asked.trim());
      expect(plain.kind === 'preflight' && plain.headers).not.toHaveProperty('access-control-allow-private-network');
    }
  });

  it('DELETE (a stored response, a conversation, an item) is preflighted for allowed pages only, and then needs the token like any route', () => {
    const del = (origin: string | undefined, extra: Record<string, string> = {}): GuardedRequest => ({ method: 'DELETE', headers: { host: 'localhost', ...(origin ? { origin } : {}), ...extra }, local: LOCAL });
    const policy = { ...POLICY, token: 'serve-token-0123456789', allowOrigins: ['https://app.example'] };
    const asked = { 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' };
    const preflight = guardRequest({ ...del('https://app.example', asked), method: 'OPTIONS' }, policy);
    expect(preflight.kind === 'preflight' && preflight.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example', 'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS' });
    // A page of another site gets no CORS headers at all: its browser cannot send the DELETE, nor read the refusal.
    const foreign = guardRequest({ ...del('https://evil.example', asked), method: 'OPTIONS' }, policy);
    expect(foreign.kind).toBe('refuse');
    expect(foreign.kind === 'refuse' && foreign.error.status).toBe(403);
    expect(foreign.kind === 'refuse' && foreign.error.headers).toEqual({});
    expect(guardRequest(del('https://evil.example', { authorization: 'Bearer serve-token-0123456789' }), policy)).toMatchObject({ kind: 'refuse', error: { status: 403 } });
    expect(guardRequest(del('https://app.example'), policy)).toMatchObject({ kind: 'refuse', error: { status: 401 } });
    expect(guardRequest(del('https://app.example', { authorization: 'Bearer serve-token-0123456789' }), policy)).toEqual({ kind: 'pass', headers: { 'access-control-allow-origin': 'https://app.example', vary: 'Origin', 'access-control-expose-headers': 'retry-after' } });
    // A DELETE has no body: no Content-Type is asked of it.
    expect(guardRequest(del(undefined, { authorization: 'Bearer serve-token-0123456789' }), policy)).toEqual({ kind: 'pass', headers: {} });
  });

  it('an allowed page gets its own origin back on the answer and on a refusal it may read', () => {
    const pass = guardRequest(post({ origin: 'https://app.example' }), { ...POLICY, allowOrigins: ['https://app.example'] });
    expect(pass.kind === 'pass' && pass.headers['access-control-allow-origin']).toBe('https://app.example');
    const refused = guardRequest(post({ origin: 'http://localhost:3000', 'content-type': 'text/plain' }), POLICY);
    expect(refused.kind === 'refuse' && refused.error.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(guardRequest(post({}), POLICY)).toEqual({ kind: 'pass', headers: {} });
  });
});

describe('isJson and tokenMatches', () => {
  it('reads the media type before any parameter', () => {
    expect(isJson('application/json')).toBe(true);
    expect(isJson(' application/json ; charset=UTF-8')).toBe(true);
    expect(isJson(undefined)).toBe(false);
    expect(isJson('text/json')).toBe(false);
  });

  it('takes Bearer (any case) or x-api-key, whole and exact', () => {
    const token = 'serve-token-0123456789';
    expect(tokenMatches({ authorization: `Bearer ${token}` }, token)).toBe(true);
    expect(tokenMatches({ authorization: `bearer ${token}` }, token)).toBe(true);
    expect(tokenMatches({ 'x-api-key': token }, token)).toBe(true);
    // Google's clients: the x-goog-api-key header, or ?key= (passed only on the Gemini routes).
    expect(tokenMatches({ 'x-goog-api-key': token }, token)).toBe(true);
    expect(tokenMatches({}, token, token)).toBe(true);
    expect(tokenMatches({ 'x-goog-api-key': `${token}x` }, token, token)).toBe(false);
    expect(tokenMatches({ authorization: `Bearer ${token}x` }, token)).toBe(false);
    expect(tokenMatches({ authorization: `Bearer ${token.slice(1)}` }, token)).toBe(false);
    expect(tokenMatches({}, token)).toBe(false);
    expect(tokenMatches({ authorization: `Bearer  ${token}` }, token)).toBe(true);
    expect(tokenMatches({ authorization: `xBearer ${token}` }, token)).toBe(false);
    // "Bearer " counts only at the start: taken out of the middle, these would spell the token.
    expect(tokenMatches({ authorization: `${token.slice(0, 4)}Bearer ${token.slice(4)}` }, token)).toBe(false);
  });

  it('an upload route takes multipart/form-data with its boundary; other routes, and anything else, are 415', () => {
    const uploads = ['multipart/form-data; boundary=x', 'Multipart/Form-Data;boundary=----abc', '  multipart/form-data ;  boundary=q  '];
    for (const type of uploads) {
      expect(guardRequest(post({ 'content-type': type }), POLICY, false, true), type).toEqual({ kind: 'pass', headers: {} });
      // The same upload to a JSON route: refused, and the words name only JSON.
      const json = guardRequest(post({ 'content-type': type }), POLICY);
      expect(json.kind === 'refuse' && json.error.message, type).toBe(`Content-Type must be application/json (got ${JSON.stringify(type)})`);
    }
    const refusedTypes = ['multipart/form-data', 'multipart/form-data; charset=x', 'text/plain; multipart/form-data; boundary=x', 'multipart/form-dataX; boundary=x', 'multipart/form-data boundary=x', 'multipart/form-data;xboundary=x', 'multipart/mixed; boundary=x'];
    for (const type of refusedTypes) {
      const verdict = guardRequest(post({ 'content-type': type }), POLICY, false, true);
      expect(verdict.kind === 'refuse' && verdict.error, type).toMatchObject({ status: 415, code: 'unsupported_media_type', message: `Content-Type must be application/json or multipart/form-data (got ${JSON.stringify(type)})` });
    }
    const none = guardRequest({ method: 'POST', headers: { host: 'localhost' }, local: LOCAL }, POLICY, false, true);
    expect(none.kind === 'refuse' && none.error.message).toBe('Content-Type must be application/json or multipart/form-data (got "none")');
    expect(isMultipart(undefined)).toBe(false);
    expect(isMultipart('')).toBe(false);
    // An upload from a page of another site is refused by its Origin before its type is looked at.
    const foreign = guardRequest(post({ 'content-type': 'multipart/form-data; boundary=x', origin: 'http://evil.example' }), POLICY, false, true);
    expect(foreign.kind === 'refuse' && foreign.error.status).toBe(403);
  });
});
