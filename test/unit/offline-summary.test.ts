import { describe, expect, it } from 'vitest';
import type { Attempt } from '../../src/core/chain/chain.js';
import { offlineError } from '../../src/core/chain/offline.js';
import { HttpStatusError, NetworkError, TimeoutError, type G4fError } from '../../src/ground/errors.js';

/** A failure to reach `host` at all, as the HTTP layer types it. */
function unreachableAt(host: string): NetworkError {
  const error = new NetworkError(`cannot reach ${host}`, undefined, true, 'dns');
  error.unreachable = { host, reason: 'host not found' };
  return error;
}

const failed = (provider: string, error: G4fError) => ({ provider, error });
const attempt = (provider: string, extra: Partial<Attempt> = {}): Attempt => ({ provider, outcome: 'failed', tries: 1, ...extra });

describe('offline: decided on typed facts, one line per host passed over', () => {
  it('two unreachable providers are offline; the summary names each', () => {
    const error = offlineError([failed('a', unreachableAt('a.example:443')), failed('b', unreachableAt('b.example:443'))], []);
    expect(error).toBeDefined();
    expect(error!.message).toContain('  a: cannot reach a.example:443');
    expect(error!.message).toContain('  b: cannot reach b.example:443');
  });

  it('one failure alone is not offline, unless providers on its host were passed over', () => {
    expect(offlineError([failed('a', unreachableAt('g.example:443'))], [])).toBeUndefined();
    const passed = [attempt('b', { outcome: 'skipped', passedOverHost: 'g.example:443' }), attempt('c', { outcome: 'skipped', passedOverHost: 'g.example:443' })];
    const error = offlineError([failed('a', unreachableAt('g.example:443'))], passed);
    expect(error!.message.split('\n')).toContain('  b, c: not asked (same host, g.example:443)');
  });

  it('hosts passed over are grouped per host, in the order met', () => {
    const passed = [
      attempt('b', { outcome: 'skipped', passedOverHost: 'one:1' }),
      attempt('x', { outcome: 'ok' }),
      attempt('c', { outcome: 'skipped', passedOverHost: 'two:2' }),
      attempt('d', { outcome: 'skipped', passedOverHost: 'one:1' }),
    ];
    const lines = offlineError([failed('a', unreachableAt('one:1')), failed('e', unreachableAt('two:2'))], passed)!.message.split('\n');
    expect(lines.filter((line) => line.includes('not asked'))).toEqual(['  b, d: not asked (same host, one:1)', '  c: not asked (same host, two:2)']);
  });

  it('a local server that was not running is named, with how to start Ollama', () => {
    const attempts = [attempt('ollama', { outcome: 'skipped', reason: 'not running' }), attempt('lm', { outcome: 'skipped', reason: 'not running' }), attempt('z', { outcome: 'skipped', reason: 'no key' }), attempt('y', { outcome: 'failed', reason: 'not running' })];
    const lines = offlineError([failed('a', unreachableAt('a:1')), failed('b', unreachableAt('b:1'))], attempts)!.message.split('\n');
    expect(lines.filter((line) => line.includes('not running'))).toEqual(['  ollama: not running (start it with: ollama serve)', '  lm: not running']);
  });

  it('any failure that is not about reaching the host means the machine is online', () => {
    expect(offlineError([failed('a', unreachableAt('a:1')), failed('b', new HttpStatusError(500, 'HTTP 500'))], [])).toBeUndefined();
    expect(offlineError([failed('a', unreachableAt('a:1')), failed('b', new NetworkError('reset', undefined, true, 'reset'))], [])).toBeUndefined();
    const silent = new TimeoutError('the stream went silent');
    expect(offlineError([failed('a', unreachableAt('a:1')), failed('b', silent)], [])).toBeUndefined();
    const noAnswer = new TimeoutError('no answer');
    noAnswer.firstByte = true;
    expect(offlineError([failed('a', unreachableAt('a:1')), failed('b', noAnswer)], [])).toBeDefined();
    expect(offlineError([], [attempt('b', { outcome: 'skipped', passedOverHost: 'h:1' }), attempt('c', { outcome: 'skipped', passedOverHost: 'h:1' })])).toBeUndefined();
  });
});
