import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { retryMessage, shortReason, streamChain, type ChainLink } from '../../src/core/chain/chain.js';
import { AbortedError, AllFailedError, AuthError, HttpStatusError, NetworkError, ProtocolError, TimeoutError } from '../../src/ground/errors.js';
import type { CallContext, StreamPart } from '../../src/ground/types.js';
import type { G4fError } from '../../src/ground/errors.js';
import { hintOf } from '../../src/cli/remedy-words.js';
import { errorFromResponse } from '../../src/stream/http-errors.js';
import { answer, chainOptions, drain, failing, keyedProvider, lacking, link, listening, request, textOf, type FakeProvider } from './fakes.js';

/** The hint the chain gives a failure of this link. */
async function hintFor(error: Error, extra: Partial<ChainLink> = {}, settings: Parameters<typeof keyedProvider>[1] = {}): Promise<string | undefined> {
  const p = keyedProvider('keyed1', { scripts: [failing(error)], ...settings });
  const { error: thrown } = await drain(streamChain([link(p, 'keyed', extra)], request(), chainOptions()));
  return hintOf(thrown as G4fError);
}

/** Waits for `ms`, or until the call's signal ends it (then fails as a request would). */
function pause(ms: number, ctx: CallContext): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    ctx.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new NetworkError('aborted'));
    });
  });
}

/** A provider whose every call runs `body` (which may wait on the call's signal). */
function provider(id: string, body: (ctx: CallContext) => AsyncGenerator<StreamPart>, settings: Parameters<typeof keyedProvider>[1] = {}): FakeProvider {
  const p = keyedProvider(id, settings);
  return { ...p, stream: (req, ctx) => (p.calls.push({ request: req, ctx }), body(ctx)) };
}

describe('streamChain: a rejected key says where it came from', () => {
  const refused = () => new AuthError(401, 'invalid key');
  it('a stored key', async () => {
    expect(await hintFor(refused(), { keyFrom: 'stored' })).toBe('the key sent is the one stored for keyed1: check it (g4f-chat keys list), replace it with g4f-chat keys set keyed1');
  });
  it('a variable or --api-key', async () => {
    expect(await hintFor(refused(), { keyFrom: 'KEYED_KEYED1' })).toBe('the key sent comes from KEYED_KEYED1: check it (g4f-chat keys list)');
  });
  it('no key sent: where the provider reads one', async () => {
    expect(await hintFor(refused())).toBe('no key was sent: keyed1 reads it from KEYED_KEYED1 (or g4f-chat keys set keyed1)');
    expect(await hintFor(refused(), {}, { apiKeyEnv: ['A_KEY', 'B_KEY'] })).toBe('no key was sent: keyed1 reads it from A_KEY or B_KEY (or g4f-chat keys set keyed1)');
    expect(await hintFor(refused(), {}, { apiKeyEnv: undefined })).toBe('no key was sent: keyed1 reads it from g4f-chat keys set keyed1');
    expect(await hintFor(refused(), {}, { apiKeyEnv: [], userDefined: true })).toBe('no key was sent: set providers.keyed1.keyEnv to the variable holding its key (g4f-chat config set providers.keyed1.keyEnv NAME)');
  });
});

describe('streamChain: hints that point at the cause', () => {
  it('a model the user named that the provider lacks is never replaced: the hint says so', async () => {
    const missing = () => errorFromResponse(404, {}, 'model_not_found');
    expect(await hintFor(missing(), { model: 'big', modelIsDefault: false })).toBe('keyed1 does not serve the model "big" you named: g4f-chat models keyed1 lists what it has');
    expect(await hintFor(new HttpStatusError(400, 'unknown model big'), { model: 'big' })).toBe('keyed1 does not serve the model "big" you named: g4f-chat models keyed1 lists what it has');
    expect(await hintFor(new HttpStatusError(400, 'model_not_allowed', { hint: 'this route takes gpt-4o' }), { model: 'big' })).toBe('this route takes gpt-4o');
  });

  it('another 404 points at the model name, and at a base URL the user set', async () => {
    expect(await hintFor(new HttpStatusError(404, 'no route'))).toBe('check the model name: g4f-chat models keyed1');
    expect(await hintFor(new HttpStatusError(404, 'no route'), { baseURL: 'http://10.0.0.2/v1', baseURLOrigin: '--base-url' })).toBe('check the model name: g4f-chat models keyed1 (base URL http://10.0.0.2/v1 from --base-url)');
  });

  it('a network failure names a base URL the user set, unless a hint is there already', async () => {
    expect(await hintFor(new NetworkError('connection refused'), { baseURL: 'http://10.0.0.2/v1', baseURLOrigin: 'G4F_CHAT_KEYED1_BASE_URL' })).toBe("keyed1's base URL http://10.0.0.2/v1 comes from G4F_CHAT_KEYED1_BASE_URL");
    expect(await hintFor(new NetworkError('connection refused'))).toBeUndefined();
    expect(await hintFor(new ProtocolError('garbled'), { baseURLOrigin: '--base-url' })).toBeUndefined();
    expect(await hintFor(new TimeoutError('slow'), { baseURLOrigin: '--base-url' })).toBe('raise the limit with --timeout <seconds>');
  });
});

describe('streamChain: a retired default model is replaced once', () => {
  const retired = () => new HttpStatusError(404, 'model_not_found');

  it('asks the provider for its models and answers with the replacement', async () => {
    const p = keyedProvider('keyed1', { defaultModel: 'old', models: ['old'], scripts: [failing(retired()), answer('healed')], listModels: async () => ['old', 'new-chat', 'text-embedding'] });
    const { options, heard } = listening();
    const { parts } = await drain(streamChain([link(p, 'keyed', { modelIsDefault: true })], request(), options));
    expect(textOf(parts)).toBe('healed');
    expect(p.calls.map((c) => c.request.model)).toEqual(['old', 'new-chat']);
    expect(heard.healed).toEqual([['new-chat', 'old', 'HTTP 404']]);
    expect(options.attempts).toEqual([{ provider: 'keyed1', model: 'new-chat', outcome: 'ok', tries: 1 }]);
  });

  it('only once, only for a default, and only when the provider lists models', async () => {
    const twice = keyedProvider('keyed1', { defaultModel: 'old', scripts: [failing(retired())], listModels: async () => ['newer'] });
    await drain(streamChain([link(twice, 'keyed', { modelIsDefault: true })], request(), chainOptions({ retries: 2 })));
    expect(twice.calls.map((c) => c.request.model)).toEqual(['old', 'newer']);
    let listed = 0;
    const named = keyedProvider('keyed1', { defaultModel: 'old', scripts: [failing(retired())], listModels: async () => (listed++, ['newer']) });
    await drain(streamChain([link(named, 'keyed', { modelIsDefault: false })], request(), chainOptions()));
    expect(listed).toBe(0);
    const unlisted = keyedProvider('keyed1', { defaultModel: 'old', scripts: [failing(retired())] });
    await drain(streamChain([link(unlisted, 'keyed', { modelIsDefault: true })], request(), chainOptions()));
    expect(unlisted.calls).toHaveLength(1);
    const nothing = keyedProvider('keyed1', { defaultModel: 'old', scripts: [failing(retired())], listModels: async () => ['old'] });
    await drain(streamChain([link(nothing, 'keyed', { modelIsDefault: true })], request(), chainOptions()));
    expect(nothing.calls).toHaveLength(1);
  });

  it('never after the user saw part of the answer', async () => {
    const p = keyedProvider('keyed1', { defaultModel: 'old', scripts: [failing(retired(), [{ type: 'text', text: 'Hi' }])], listModels: async () => ['newer'] });
    await drain(streamChain([link(p, 'keyed', { modelIsDefault: true })], request(), chainOptions()));
    expect(p.calls).toHaveLength(1);
  });
});

describe('streamChain: silence and deadlines', () => {
  it('a host that said nothing is not asked again in this run, and a timeout is not retried', async () => {
    const silent = () => Object.assign(new TimeoutError('no answer'), { firstByte: true });
    const first = keyedProvider('keyed1', { baseURL: 'https://gateway.example/a', scripts: [failing(silent())] });
    const sameHost = keyedProvider('keyed2', { baseURL: 'https://gateway.example/b' });
    const elsewhere = keyedProvider('keyed3');
    const options = chainOptions({ retries: 3 });
    const { parts } = await drain(streamChain([link(first, 'keyed'), link(sameHost, 'keyed'), link(elsewhere, 'keyed')], request(), options));
    expect(first.calls).toHaveLength(1);
    expect(sameHost.calls).toHaveLength(0);
    expect(textOf(parts)).toBe('answer from keyed3');
    expect(options.attempts[1]).toMatchObject({ provider: 'keyed2', model: 'keyed2-model', outcome: 'skipped', reason: 'gateway.example did not answer earlier in this run', tries: 0 });
  });

  it('a stream gone quiet is not retried either, but its host may be asked for another model', async () => {
    const quiet = keyedProvider('keyed1', { baseURL: 'https://gateway.example/a', scripts: [failing(new TimeoutError('silent for 30s'))] });
    const sameHost = keyedProvider('keyed2', { baseURL: 'https://gateway.example/b' });
    const { parts } = await drain(streamChain([link(quiet, 'keyed'), link(sameHost, 'keyed')], request(), chainOptions({ retries: 3 })));
    expect(quiet.calls).toHaveLength(1);
    expect(textOf(parts)).toBe('answer from keyed2');
  });

  it('past the chain deadline no further provider is tried', async () => {
    const slow = provider('keyed1', async function* (ctx) {
      await pause(400, ctx);
      throw new HttpStatusError(500, 'down');
    });
    const next = keyedProvider('keyed2');
    const options = chainOptions({ chainTimeoutMs: 150 });
    const { error } = await drain(streamChain([link(slow, 'keyed'), link(next, 'keyed')], request(), options));
    expect(next.calls).toHaveLength(0);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe("keyed1: timed out: no answer began before the chain's deadline (0s left when it was asked)");
    expect((error as TimeoutError).hint).toBe('raise the deadline with --chain-timeout <seconds>');
    expect(options.attempts[1]).toEqual({ provider: 'keyed2', model: 'keyed2-model', outcome: 'skipped', reason: "not tried: the chain's 0.2s deadline had passed", tries: 0 });
  });

  it('an answer that has begun is not cut by the chain deadline', async () => {
    const begun = provider('keyed1', async function* (ctx) {
      yield { type: 'start', provider: 'keyed1', model: 'm' };
      await pause(80, ctx);
      yield { type: 'text', text: 'in time' };
    });
    const { parts, error } = await drain(streamChain([link(begun, 'keyed')], request(), chainOptions({ chainTimeoutMs: 20 })));
    expect(error).toBeUndefined();
    expect(textOf(parts)).toBe('in time');
  });

  it('--max-time ends one attempt and says which limit it was', async () => {
    const hanging = provider('keyed1', async function* (ctx) {
      await pause(5000, ctx);
    });
    const { error } = await drain(streamChain([link(hanging, 'keyed')], request(), chainOptions({ maxTimeMs: 30, retries: 2 })));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe('keyed1: timed out: no complete answer within 0s');
    expect((error as TimeoutError).hint).toBe('raise the limit with --max-time <seconds>');
    expect(hanging.calls).toHaveLength(1);
  });

  it('Ctrl-C during the wait before a retry stops at once', async () => {
    const controller = new AbortController();
    const p = keyedProvider('keyed1', { scripts: [failing(new HttpStatusError(429, 'later', { retryAfterSeconds: 30 }))] });
    const { options, heard } = listening({ retries: 2, signal: controller.signal });
    heard.then = (kind) => kind === 'retries' && controller.abort();
    const { error } = await drain(streamChain([link(p, 'keyed')], request(), options));
    expect(error).toBeInstanceOf(AbortedError);
    expect(p.calls).toHaveLength(1);
  });

  it('without Retry-After the wait backs off from half a second', async () => {
    const p = keyedProvider('keyed1', { scripts: [failing(new HttpStatusError(503, 'busy')), answer('ok')] });
    const { options, heard } = listening({ retries: 1 });
    const { parts } = await drain(streamChain([link(p, 'keyed')], request(), options));
    expect(textOf(parts)).toBe('ok');
    expect(heard.retries).toEqual([['keyed1', 'HTTP 503', 1]]);
  });
});

describe('how failures are told', () => {
  it('shortReason: a status, or the message without its provider and at most 60 characters', () => {
    expect(shortReason(new HttpStatusError(502, 'bad gateway'))).toBe('HTTP 502');
    expect(shortReason(new ProtocolError('keyed-1: garbled answer'))).toBe('garbled answer');
    expect(shortReason(new ProtocolError('Keyed: kept'))).toBe('Keyed: kept');
    const long = 'x'.repeat(70);
    expect(shortReason(new ProtocolError(long))).toBe(`${'x'.repeat(59)}…`);
    expect(shortReason(new ProtocolError('y'.repeat(60)))).toBe('y'.repeat(60));
  });

  it('retryMessage', () => {
    expect(retryMessage('openai', 'HTTP 429', 20)).toBe('openai: HTTP 429, retrying in 20s (Ctrl-C to stop)');
  });

  it('a failure that is no HTTP status is recorded by its code', async () => {
    const p = keyedProvider('keyed1', { scripts: [failing(new ProtocolError('garbled'))] });
    const options = chainOptions();
    await drain(streamChain([link(p, 'keyed')], request(), options));
    expect(options.attempts[0]).toMatchObject({ outcome: 'failed', failure: 'protocol', reason: 'garbled' });
  });

  it('with one provider, nothing is said about moving on', async () => {
    const p = keyedProvider('keyed1', { scripts: [failing(new ProtocolError('garbled'))] });
    const { options, heard } = listening();
    await drain(streamChain([link(p, 'keyed')], request(), options));
    expect([...heard.notices, ...heard.movingOn]).toEqual([]);
    expect(heard.asked).toEqual(['keyed1 · keyed1-model']);
  });
});

describe('streamChain: more of its rules', () => {
  it('before the deadline a failure still moves on to the next provider', async () => {
    const first = keyedProvider('keyed1', { scripts: [failing(new HttpStatusError(500, 'down'))] });
    const next = keyedProvider('keyed2');
    const { parts } = await drain(streamChain([link(first, 'keyed'), link(next, 'keyed')], request(), chainOptions({ chainTimeoutMs: 60_000 })));
    expect(textOf(parts)).toBe('answer from keyed2');
  });

  it('progress before the answer begins does not lift the chain deadline', async () => {
    const queued = provider('keyed1', async function* (ctx) {
      yield { type: 'status', text: 'queued: 4' };
      await pause(5000, ctx);
      yield { type: 'text', text: 'too late' };
    });
    const { error } = await drain(streamChain([link(queued, 'keyed')], request(), chainOptions({ chainTimeoutMs: 30 })));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('an attempt leaves no listener on the run signal behind', async () => {
    const controller = new AbortController();
    const p = keyedProvider('keyed1', { scripts: [failing(new HttpStatusError(500, 'down')), answer('ok')] });
    await drain(streamChain([link(p, 'keyed')], request(), chainOptions({ signal: controller.signal, maxTimeMs: 60_000, chainTimeoutMs: 60_000 })));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('two failures are every failure, not the first one alone', async () => {
    const first = keyedProvider('keyed1', { scripts: [failing(new HttpStatusError(500, 'down'))] });
    const second = keyedProvider('keyed2', { scripts: [failing(new HttpStatusError(502, 'bad gateway'))] });
    const { error } = await drain(streamChain([link(first, 'keyed'), link(second, 'keyed')], request(), chainOptions()));
    expect(error).toBeInstanceOf(AllFailedError);
    expect((error as AllFailedError).failures.map((f) => f.provider)).toEqual(['keyed1', 'keyed2']);
    expect((error as AllFailedError).heldBack).toEqual([]);
  });

  it('a retired default is replaced once even when the list offers more', async () => {
    const p = keyedProvider('keyed1', { defaultModel: 'old', models: [], scripts: [failing(new HttpStatusError(404, 'model_not_found'))], listModels: async () => ['a', 'b', 'c'] });
    await drain(streamChain([link(p, 'keyed', { modelIsDefault: true })], request(), chainOptions()));
    expect(p.calls.map((c) => c.request.model)).toEqual(['old', 'a']);
  });

  it('skipping a provider that takes no images needs nobody listening', async () => {
    const blind = keyedProvider('blind', lacking('images'));
    const seeing = keyedProvider('seeing');
    const withImage = request({ messages: [{ role: 'user', content: 'x', images: [{ mediaType: 'image/png', data: 'AAAA' }] }] });
    const { parts } = await drain(streamChain([link(blind, 'keyed'), link(seeing, 'keyed')], withImage, chainOptions()));
    expect(textOf(parts)).toBe('answer from seeing');
  });

  it('one proof-of-work allowance for the whole run, shared by every provider and retry', async () => {
    const first = keyedProvider('keyed1', { scripts: [failing(new HttpStatusError(429, 'later', { retryAfterSeconds: 0 }))] });
    const second = keyedProvider('keyed2');
    await drain(streamChain([link(first, 'keyed'), link(second, 'keyed')], request(), chainOptions({ retries: 1 })));
    const allowances = [...first.calls, ...second.calls].map((c) => c.ctx.proofOfWork);
    expect(allowances).toHaveLength(3);
    expect(allowances[0]).toBeDefined();
    expect(new Set(allowances).size).toBe(1);
  });

  it('the retry wait is said in seconds', async () => {
    const p = keyedProvider('keyed1', { scripts: [failing(new HttpStatusError(429, 'later', { retryAfterSeconds: 1 })), answer('ok')] });
    const { options, heard } = listening({ retries: 1 });
    await drain(streamChain([link(p, 'keyed')], request(), options));
    expect(heard.notices).toEqual(['keyed1: HTTP 429: later; retrying in 1.0s']);
    expect(heard.retries).toEqual([['keyed1', 'HTTP 429', 1]]);
  });
});
