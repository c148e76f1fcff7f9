import { describe, expect, it } from 'vitest';
import { GEMINI_API, OLLAMA_API, OPENAI_API, type ApiFamily } from '../../src/server/api-family.js';
import { noRoute, ROUTES, routeOf, type Route } from '../../src/server/routes.js';

/** The lookup as it was: every route of the table filtered for every request. */
function routeOfByFilter(url: string | undefined, method?: string): { path: string; route?: Route; family: ApiFamily } {
  const path = (url ?? '').split('?')[0].replace(/\/+$/, '');
  const matching = ROUTES.filter((r) => r.paths.includes(path) || r.pattern?.test(path));
  const route = matching.find((r) => r.method === method) ?? matching[0];
  const family = route?.family ?? (path.startsWith('/api/') ? OLLAMA_API : path.startsWith('/v1beta/') ? GEMINI_API : OPENAI_API);
  return { path, route, family };
}

const METHODS = ['GET', 'POST', 'DELETE', 'HEAD', 'OPTIONS', 'PUT', undefined];

/** A path a pattern route answers, with its `{id}` / `{model}` parts filled in. */
function filled(shown: string): string {
  return shown.replace('{model}', 'gemini-2.5-flash').replace(/\{id\}/g, 'resp_abc123').replace('{item}', 'msg_1');
}

/** Every path of the table, a path for each pattern route (with and without /v1), and paths no route has. */
function pathsToTry(): string[] {
  const paths = new Set<string>();
  for (const route of ROUTES) {
    for (const path of route.paths) paths.add(path);
    if (route.shown) {
      paths.add(filled(route.shown));
      paths.add(filled(route.shown).replace(/^\/v1(?=\/)/, ''));
    }
  }
  for (const extra of [
    '/v1beta/models/gemini-2.5-flash:streamGenerateContent',
    '/v1beta/models/gemini-2.5-flash:embedContent',
    '/v1beta/models/gemini-2.5-flash:countTokens',
    '/v1/models/gemini-2.5-flash:generateContent',
    '/v1beta/models/tunedModels/x:generateContent',
    '/v1beta/models/gemini:',
    '/v1beta/models/:generateContent',
    '/v1beta/other',
    '/v1/conversations/conv_1/items/msg_1',
    '/conversations/conv_1/items',
    '/v1/responses/resp_1/input_items',
    '/v1/responses/a/b',
    '/v1/images/files/abc',
    '/images/files/abc',
    '/v1/images/files/a/b',
    '/v1/model',
    '/v2/models',
    '/api/unknown',
    '/api',
    '/nowhere',
    '/V1/MODELS',
    '//',
    '/v1//models',
  ]) {
    paths.add(extra);
  }
  return [...paths];
}

/** The URLs a client may send for a path: as is, with trailing slashes, with a query, both. */
function urlsOf(path: string): Array<string | undefined> {
  return [path, `${path}/`, `${path}///`, `${path}?key=k&x=1`, `${path}/?alt=sse`, `${path}?`, `${path}?a=1?b=2`];
}

describe('the route of a request', () => {
  const paths = pathsToTry();

  it('is the one the table gave before, for every path, URL form and method', () => {
    let cases = 0;
    for (const url of [...paths.flatMap(urlsOf), undefined, '', '/', '?', '?key=1', '///']) {
      for (const method of METHODS) {
        const found = routeOf(url, method);
        const before = routeOfByFilter(url, method);
        expect({ url, method, path: found.path, family: found.family.name }).toEqual({ url, method, path: before.path, family: before.family.name });
        expect(found.route, `${method} ${url}`).toBe(before.route);
        cases += 1;
      }
    }
    expect(cases).toBeGreaterThan(1500);
  });

  it('finds every route of the table by each of its paths and its method', () => {
    for (const route of ROUTES) {
      for (const path of route.paths) expect(routeOf(path, route.method).route).toBe(route);
      if (route.shown && route.pattern) expect(routeOf(filled(route.shown), route.method).route).toBe(route);
    }
  });

  it('takes the route of the request\'s method where a path has several, the first otherwise', () => {
    const get = routeOf('/v1/responses/resp_1', 'GET').route!;
    const del = routeOf('/v1/responses/resp_1/', 'DELETE').route!;
    expect([get.method, del.method]).toEqual(['GET', 'DELETE']);
    // A method no route of the path has: the first, which answers with a 404 naming the routes.
    expect(routeOf('/v1/responses/resp_1?x=1', 'PUT').route).toBe(get);
    expect(routeOf('/v1/chat/completions', 'GET').route?.method).toBe('POST');
  });

  it('answers a path no route has in its API\'s error shape', () => {
    expect(routeOf('/api/nothing', 'GET')).toMatchObject({ path: '/api/nothing', route: undefined, family: OLLAMA_API });
    expect(routeOf('/v1beta/nothing/', 'POST')).toMatchObject({ path: '/v1beta/nothing', route: undefined, family: GEMINI_API });
    expect(routeOf('/nothing?x', 'GET')).toMatchObject({ path: '/nothing', route: undefined, family: OPENAI_API });
    expect(noRoute('GET', '/nothing').status).toBe(404);
  });

  it('reads a Gemini method path with its model and method, under /v1beta and /v1', () => {
    expect(routeOf('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=k', 'POST').route?.family).toBe(GEMINI_API);
    expect(routeOf('/v1/models/gemini-2.5-flash:generateContent', 'POST').route?.family).toBe(GEMINI_API);
    expect(routeOf('/v1beta/models', 'GET').route?.family).toBe(GEMINI_API);
  });
});
