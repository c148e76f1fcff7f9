import { describe, expect, it } from 'vitest';
import { streamChain } from '../../src/core/chain/chain.js';
import { backoffDelay, retryWait, MAX_RETRY_AFTER_SECONDS } from '../../src/core/chain/retry-delay.js';
import { offlineError } from '../../src/core/chain/offline.js';
import { fallbackMessage, hostOf, movingOnMessage } from '../../src/core/chain/chain-messages.js';
import { HttpStatusError, NetworkError, OfflineError, ProtocolError, TimeoutError, UsageError } from '../../src/ground/errors.js';
import type { CallContext } from '../../src/ground/types.js';
import { chainOptions, drain, failing, keyedProvider, lacking, link, listening, request, textOf } from './fakes.js';

const refused = (host: string) => Object.assign(new NetworkError(`connect ECONNREFUSED ${host}`), { unreachable: { host, reason: 'connection refused' as const } });

describe('retry waits', () => {
  it('back off from half a second, doubling, with jitter in the upper half, up to 8 s', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, () => 0))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(1, () => 0.5)).toBe(375);
    const free = backoffDelay(3);
    expect(free).toBeGreaterThanOrEqual(1000);
    expect(free).toBeLessThanOrEqual(2000);
  });

  it('a retryable failure waits while tries remain; Retry-After is honoured up to its bound', () => {
    const busy = new HttpStatusError(503, 'busy');
    expect(retryWait(busy, 1, 0)).toBeUndefined();
    expect(retryWait(busy, 2, 1)).toBeUndefined();
    expect(retryWait(busy, 1, 1)).toBeGreaterThanOrEqual(250);
    expect(retryWait(new HttpStatusError(400, 'bad'), 1, 3)).toBeUndefined();
    expect(retryWait(new HttpStatusError(429, 'later', { retryAfterSeconds: 7 }), 2, 2)).toBe(7000);
    expect(retryWait(new HttpStatusError(429, 'later', { retryAfterSeconds: MAX_RETRY_AFTER_SECONDS }), 1, 1)).toBe(60_000);
    expect(retryWait(new HttpStatusError(429, 'later', { retryAfterSeconds: MAX_RETRY_AFTER_SECONDS + 1 }), 1, 1)).toBeUndefined();
  });
});

describe('one attempt’s signal', () => {
  /** Waits on the call's signal for far longer than any test: only an abort ends it. */
  const waitForAbort = (ctx: CallContext) =>
    new Promise<never>((_resolve, reject) => {
      const timer = setTimeout(() => reject(new ProtocolError('never aborted')), 60_000);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new NetworkError('aborted'));
      });
    });

  it('Ctrl-C reaches a call that has its own --max-time', async () => {
    const controller = new AbortController();
    const p = keyedProvider('keyed1');
    const hanging = {
      ...p,
      async *stream(_req: unknown, ctx: CallContext) {
        setTimeout(() => controller.abort(), 5);
        await waitForAbort(ctx);
      },
    };
    const { error } = await drain(streamChain([link(hanging, 'keyed')], request(), chainOptions({ signal: controller.signal, maxTimeMs: 60_000, chainTimeoutMs: 60_000 })));
    expect((error as Error).name).toBe('AbortedError');
  });

  it('--max-time says the limit in tenths of a second', async () => {
    const p = keyedProvider('keyed1');
    const hanging = { ...p, stream: (_req: unknown, ctx: CallContext) => (async function* () { await waitForAbort(ctx); })() };
    const { error } = await drain(streamChain([link(hanging, 'keyed')], request(), chainOptions({ maxTimeMs: 250 })));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe('keyed1: timed out: no complete answer within 0.3s');
  });
});

describe('offline: nothing could be reached', () => {
  it('two unreachable providers make the run offline, naming a local server that was not running', () => {
    const failures = [
      { provider: 'keyed1', error: refused('a.example:443') },
      { provider: 'keyed2', error: Object.assign(new TimeoutError('no answer'), { firstByte: true }) },
    ];
    const attempts = [
      { provider: 'ollama', outcome: 'skipped' as const, reason: 'not running', tries: 0 },
      { provider: 'lmstudio', outcome: 'skipped' as const, reason: 'not running', tries: 0 },
    ];
    const offline = offlineError(failures, attempts);
    expect(offline).toBeInstanceOf(OfflineError);
    expect(offline!.message).toBe(
      'no provider could be reached: this machine seems to be offline\n  keyed1: connect ECONNREFUSED a.example:443\n  keyed2: no answer\n  ollama: not running (start it with: ollama serve)\n  lmstudio: not running',
    );
  });

  it('is not offline with one failure, or when a provider answered with an error', () => {
    expect(offlineError([{ provider: 'keyed1', error: refused('a.example:443') }], [])).toBeUndefined();
    expect(offlineError([], [])).toBeUndefined();
    expect(offlineError([{ provider: 'keyed1', error: refused('a:1') }, { provider: 'keyed2', error: new HttpStatusError(500, 'down') }], [])).toBeUndefined();
    expect(offlineError([{ provider: 'keyed1', error: refused('a:1') }, { provider: 'keyed2', error: new TimeoutError('slow stream') }], [])).toBeUndefined();
    expect(offlineError([{ provider: 'keyed1', error: refused('a:1') }, { provider: 'keyed2', error: new NetworkError('reset') }], [])).toBeUndefined();
  });

  it('an unreachable host is not asked again for another provider on it, and counts toward offline', async () => {
    const first = keyedProvider('keyed1', { baseURL: 'https://gw.example/a', scripts: [failing(refused('gw.example'))] });
    const sameHost = keyedProvider('keyed2', { baseURL: 'https://gw.example/b' });
    const { options, heard } = listening();
    const { error } = await drain(streamChain([link(first, 'keyed'), link(sameHost, 'keyed')], request(), options));
    expect(sameHost.calls).toHaveLength(0);
    expect(error).toBeInstanceOf(OfflineError);
    expect(options.attempts[1]).toMatchObject({ provider: 'keyed2', outcome: 'skipped', reason: 'gw.example: connection refused' });
    expect(heard.movingOn).toEqual(['gw.example: connection refused — keyed1, keyed2 skipped']);
  });
});

describe('what the chain says', () => {
  const a = link(keyedProvider('keyed1', { baseURL: 'https://one.example/v1' }), 'keyed');
  const b = link(keyedProvider('keyed2', { baseURL: 'https://two.example/v1' }), 'keyed');
  const c = link(keyedProvider('keyed3', { baseURL: 'https://one.example/v2' }), 'keyed');

  it('moving on: who failed, after how long when a second or more, and who is next', () => {
    const down = new HttpStatusError(500, 'down');
    expect(movingOnMessage(a, [b], down, 999, () => true)).toBe('keyed1 failed (HTTP 500); trying keyed2');
    expect(movingOnMessage(a, [b], down, 1000, () => true)).toBe('keyed1 failed after 1s (HTTP 500); trying keyed2');
    expect(movingOnMessage(a, [b], down, 6400, () => true)).toBe('keyed1 failed after 6s (HTTP 500); trying keyed2');
    expect(movingOnMessage(a, [b, c], down, 0, (l) => l === c)).toBe('keyed1 failed (HTTP 500); trying keyed3');
    expect(movingOnMessage(a, [b], down, 0, () => false)).toBeUndefined();
    expect(movingOnMessage(a, [], down, 0, () => true)).toBeUndefined();
  });

  it('an unreachable host is named once with every provider on it', () => {
    const error = refused('one.example:443');
    expect(movingOnMessage(a, [b, c], error, 0, (l) => l === b)).toBe('one.example:443: connection refused — keyed1, keyed3 skipped; trying keyed2');
    expect(movingOnMessage(a, [b], error, 0, (l) => l === b)).toBe('keyed1 failed (connect ECONNREFUSED one.example:443); trying keyed2');
  });

  it('the fallback line names every failure and who answered', () => {
    expect(fallbackMessage([{ provider: 'keyed1', error: new HttpStatusError(500, 'x') }, { provider: 'keyed2', error: new TimeoutError('keyed2: timed out') }], b)).toBe(
      'keyed1 failed (HTTP 500), keyed2 failed (timed out); answered by keyed2 · keyed2-model',
    );
  });

  it('hosts are host:port; what is no URL stands for itself', () => {
    expect(hostOf('https://api.example:8443/v1')).toBe('api.example:8443');
    expect(hostOf('https://api.example/v1')).toBe('api.example');
    expect(hostOf('not a url')).toBe('not a url');
  });
});

describe('capabilities: images and tools', () => {
  const image = request({ messages: [{ role: 'user', content: 'x', images: [{ mediaType: 'image/png', data: 'AAAA' }] }] });
  const tools = request({ tools: [{ name: 't', description: 'd', parameters: {} }] });

  it('refusals say what to choose instead', async () => {
    const plain = keyedProvider('plain', lacking('images', 'tools'));
    const imageError = (await drain(streamChain([link(plain, 'keyed')], image, chainOptions()))).error as UsageError;
    expect(imageError).toBeInstanceOf(UsageError);
    expect(imageError.hint).toBe('choose a provider that does: openai, anthropic, gemini, ollama, openrouter…');
    const toolError = (await drain(streamChain([link(plain, 'keyed')], tools, chainOptions()))).error as UsageError;
    expect(toolError.message).toBe('plain takes no tools');
    expect(toolError.hint).toBe('choose a provider that does: openai, anthropic, gemini, ollama, groq, openrouter…');
    expect(((await drain(streamChain([], tools, chainOptions()))).error as Error).message).toBe('the chosen provider take no tools');
  });

  it('both needed: a provider must take both, and each skip is said once with its reason', async () => {
    const both = request({ ...tools, messages: image.messages });
    const blind = keyedProvider('blind', lacking('images'));
    const toolless = keyedProvider('toolless', lacking('tools'));
    const able = keyedProvider('able');
    const { options, heard } = listening();
    const { parts } = await drain(streamChain([link(blind, 'keyed'), link(toolless, 'keyed'), link(able, 'keyed')], both, options));
    expect(textOf(parts)).toBe('answer from able');
    expect(heard.notices.filter((n) => n.startsWith('skipped'))).toEqual(['skipped blind: takes no images', 'skipped toolless: takes no tools']);
    expect(options.attempts.slice(0, 2).map((x) => x.reason)).toEqual(['takes no images', 'takes no tools']);
  });
});
