import { describe, expect, it } from 'vitest';
import { planChain } from '../../src/core/routing/plan-chain.js';
import { offlineError } from '../../src/core/chain/offline.js';
import { mapFailure } from '../../src/stream/http-failures.js';
import { ModelNotOfferedError, NetworkError, ToolTimeoutError, UsageError, type G4fError } from '../../src/ground/errors.js';
import type { HttpRequest } from '../../src/stream/http-request.js';
import { fakeCatalog, fakeProvider } from './fakes.js';

/** A request as the HTTP client would hold it; nothing is sent. */
function request(url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return { url, headers: {}, signal: new AbortController().signal, timeoutMs: 5000, ...extra };
}

/** A failure of the kind Node and undici raise: a code, no message of ours. */
function systemFailure(code: string, message = `connect ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

/** The same error saying something else: only the words change, never a field or the class. */
function reworded<E extends G4fError>(error: E, message: string): E {
  error.message = message;
  return error;
}

describe('decisions are taken on facts, and rewording a message changes none of them', () => {
  it('offline: providers that could not be reached make the run offline, whatever their messages say', () => {
    const refused = mapFailure(systemFailure('ECONNREFUSED'), request('http://127.0.0.1:9/v1'));
    const noHost = mapFailure(systemFailure('ENOTFOUND'), request('https://api.nowhere.example/v1'));
    const failures = [
      { provider: 'local1', error: reworded(refused, 'la connexion a été refusée') },
      { provider: 'pub1', error: reworded(noHost, 'das ist kein Name') },
    ];
    expect(offlineError(failures, [])).toBeDefined();
  });

  it('offline: a message that reads like an unreachable host does not make a reached one unreachable', () => {
    const reset = mapFailure(systemFailure('ECONNRESET'), request('http://127.0.0.1:9/v1'));
    const failures = [
      { provider: 'local1', error: reworded(reset, 'connection refused (127.0.0.1:9)') },
      { provider: 'pub1', error: new NetworkError('host not found (api.nowhere.example) EHOSTUNREACH ENETUNREACH') },
    ];
    expect(offlineError(failures, [])).toBeUndefined();
  });

  it('the network failure is carried as a kind set where the error is made', () => {
    const kind = (code: string) => (mapFailure(systemFailure(code), request('https://proxy.example/v1')) as NetworkError).kind;
    expect([kind('ECONNREFUSED'), kind('ENOTFOUND'), kind('EAI_AGAIN'), kind('EHOSTUNREACH'), kind('ECONNRESET'), kind('EWHATEVER')]).toEqual([
      'refused',
      'dns',
      'dns',
      'unreachable',
      'reset',
      'other',
    ]);
  });

  it('a failure at the proxy is of the kind proxy, and one at a host named "proxy" is not', () => {
    const throughProxy = mapFailure(systemFailure('ECONNREFUSED'), request('https://api.example/v1', { proxy: 'http://127.0.0.1:9' }));
    expect(throughProxy).toBeInstanceOf(NetworkError);
    expect((throughProxy as NetworkError).kind).toBe('proxy');
    const direct = mapFailure(systemFailure('ECONNREFUSED', 'proxy proxy proxy'), request('https://proxy.example/v1'));
    expect((direct as NetworkError).kind).toBe('refused');
  });

  it('auto: a provider without the model named is passed over, even when its name reads like a base-URL error ("variable")', async () => {
    // Named so that its "no such model" message says "variable", as a base-URL error would.
    const strict = fakeProvider('variable', { strictModels: true, models: ['only-this'], defaultModel: 'only-this' });
    const other = fakeProvider('other', { models: ['wanted'], defaultModel: 'wanted' });
    const plan = await planChain({ catalog: fakeCatalog([strict, other]), provider: 'auto', model: 'wanted', env: {} });
    expect(plan.links.map((l) => l.provider.id)).toEqual(['other']);
  });

  it('auto: a base URL that is not a URL stops the run, whatever its message says', async () => {
    const provider = fakeProvider('custom');
    const plan = planChain({ catalog: fakeCatalog([provider]), provider: 'auto', env: { G4F_CHAT_CUSTOM_BASE_URL: 'not a url' } });
    await expect(plan).rejects.toBeInstanceOf(UsageError);
    await expect(plan).rejects.not.toBeInstanceOf(ModelNotOfferedError);
  });

  it('a tool timeout is its own class, told from an interruption without reading its message', () => {
    const timeout = reworded(new ToolTimeoutError(5000), 'anything at all');
    const controller = new AbortController();
    controller.abort(timeout);
    expect(controller.signal.reason).toBeInstanceOf(ToolTimeoutError);
    expect((controller.signal.reason as ToolTimeoutError).timeoutMs).toBe(5000);
    expect(timeout.code).toBe('tool_timeout');
  });
});
