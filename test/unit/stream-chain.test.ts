import { describe, expect, it } from 'vitest';
import { streamChain } from '../../src/core/chain/chain.js';
import { AbortedError, AllFailedError, CutShortError, HttpStatusError, ProtocolError, UsageError } from '../../src/ground/errors.js';
import type { StreamPart } from '../../src/ground/types.js';
import { answer, chainOptions, drain, failing, keyedProvider, lacking, link, localProvider, publicProvider, request, textOf } from './fakes.js';

const down = () => new HttpStatusError(500, 'down');

describe('streamChain: a prompt meant for your own providers never reaches a public one without consent', () => {
  it('a keyed provider fails: the public one after it is not asked, and is named as held back', async () => {
    const keyed = keyedProvider('keyed1', { scripts: [failing(down())] });
    const pub = publicProvider('pub1');
    const options = chainOptions();
    const { parts, error } = await drain(streamChain([link(keyed, 'keyed'), link(pub, 'public')], request(), options));
    expect(pub.calls).toHaveLength(0);
    expect(parts).toEqual([]);
    expect(error).toBeInstanceOf(AllFailedError);
    expect((error as AllFailedError).heldBack).toEqual(['pub1']);
    expect((error as AllFailedError).failures.map((f) => f.provider)).toEqual(['keyed1']);
    expect(options.attempts).toEqual([
      { provider: 'keyed1', model: 'keyed1-model', outcome: 'failed', reason: 'HTTP 500: down', tries: 1, failure: 'http_status:500' },
      { provider: 'pub1', model: 'pub1-model', outcome: 'skipped', reason: 'public: not sent after a private provider (--fallback public allows it)', tries: 0 },
    ]);
  });

  it('a local provider fails: the public one is held back too, and a keyed one after it is still asked', async () => {
    const local = localProvider('local1', { scripts: [failing(down())] });
    const pub = publicProvider('pub1');
    const keyed = keyedProvider('keyed1');
    const options = chainOptions();
    const { parts } = await drain(streamChain([link(local, 'local'), link(pub, 'public'), link(keyed, 'keyed')], request(), options));
    expect(pub.calls).toHaveLength(0);
    expect(keyed.calls).toHaveLength(1);
    expect(textOf(parts)).toBe('answer from keyed1');
  });

  it('with consent (--fallback public) the public provider answers, and says who answered', async () => {
    const keyed = keyedProvider('keyed1', { scripts: [failing(down())] });
    const pub = publicProvider('pub1');
    const fallbacks: Array<[string, string]> = [];
    const options = chainOptions({ allowPublic: true, onEvent: (e) => e.type === 'fallback' && fallbacks.push([e.message, e.answeredBy]) });
    const { parts, error } = await drain(streamChain([link(keyed, 'keyed'), link(pub, 'public')], request(), options));
    expect(error).toBeUndefined();
    expect(textOf(parts)).toBe('answer from pub1');
    expect(fallbacks).toEqual([['keyed1 failed (HTTP 500); answered by pub1 · pub1-model', 'answered by pub1 · pub1-model']]);
    expect(options.attempts.at(-1)).toEqual({ provider: 'pub1', model: 'pub1-model', outcome: 'ok', tries: 1 });
  });

  it('public after public is no move: the next public provider is asked', async () => {
    const first = publicProvider('pub1', { scripts: [failing(down())] });
    const second = publicProvider('pub2');
    const { parts } = await drain(streamChain([link(first, 'public'), link(second, 'public')], request(), chainOptions()));
    expect(textOf(parts)).toBe('answer from pub2');
  });

  it('a public provider that fails may hand over to a keyed one, and the keyed failure then holds back later public ones', async () => {
    const pub1 = publicProvider('pub1', { scripts: [failing(down())] });
    const keyed = keyedProvider('keyed1', { scripts: [failing(down())] });
    const pub2 = publicProvider('pub2');
    const { error } = await drain(streamChain([link(pub1, 'public'), link(keyed, 'keyed'), link(pub2, 'public')], request(), chainOptions()));
    expect(keyed.calls).toHaveLength(1);
    expect(pub2.calls).toHaveLength(0);
    expect((error as AllFailedError).heldBack).toEqual(['pub2']);
    expect((error as AllFailedError).message).toMatch(/^every provider failed:/);
  });

  it('one failure and nothing held back is that failure itself', async () => {
    const failure = down();
    const keyed = keyedProvider('keyed1', { scripts: [failing(failure)] });
    const { error } = await drain(streamChain([link(keyed, 'keyed')], request(), chainOptions()));
    expect(error).toBe(failure);
  });
});

describe('streamChain: fallback only before the first visible part', () => {
  const visibleParts: Array<[string, StreamPart]> = [
    ['text', { type: 'text', text: 'Hel' }],
    ['reasoning', { type: 'reasoning', text: 'Let me think' }],
    ['refusal', { type: 'refusal', text: 'I will not' }],
    ['tool-call', { type: 'tool-call', id: 'c1', name: 'read_file', arguments: '{}' }],
  ];

  it.each(visibleParts)('after a %s part the provider is never swapped: the answer is cut short', async (_kind, part) => {
    const first = keyedProvider('keyed1', { scripts: [failing(down(), [{ type: 'start', provider: 'keyed1', model: 'm' }, part])] });
    const second = keyedProvider('keyed2');
    const options = chainOptions({ retries: 3 });
    const { parts, error } = await drain(streamChain([link(first, 'keyed'), link(second, 'keyed')], request(), options));
    expect(second.calls).toHaveLength(0);
    expect(first.calls).toHaveLength(1);
    expect(parts.at(-1)).toEqual(part);
    expect(error).toBeInstanceOf(CutShortError);
    expect((error as CutShortError).message).toBe('the answer from keyed1 was cut short: HTTP 500: down');
    expect(options.attempts).toEqual([{ provider: 'keyed1', model: 'keyed1-model', outcome: 'cut short', reason: 'HTTP 500: down', tries: 1, failure: 'http_status:500' }]);
  });

  it('reasoning inlined as <think> counts as shown too', async () => {
    const first = keyedProvider('keyed1', { scripts: [failing(down(), [{ type: 'text', text: '<think>hmm, the user' }])] });
    const second = keyedProvider('keyed2');
    const { parts, error } = await drain(streamChain([link(first, 'keyed'), link(second, 'keyed')], request(), chainOptions()));
    expect(textOf(parts, 'reasoning')).toBe('hmm, the user');
    expect(error).toBeInstanceOf(CutShortError);
    expect(second.calls).toHaveLength(0);
  });

  it('start and status parts are not an answer: the next provider is still asked', async () => {
    const first = keyedProvider('keyed1', {
      scripts: [failing(down(), [{ type: 'start', provider: 'keyed1', model: 'm' }, { type: 'status', text: 'queued: 3' }])],
    });
    const second = keyedProvider('keyed2');
    const fallbacks: string[] = [];
    const { parts, error } = await drain(streamChain([link(first, 'keyed'), link(second, 'keyed')], request(), chainOptions({ onEvent: (e) => e.type === 'fallback' && fallbacks.push(e.answeredBy) })));
    expect(error).toBeUndefined();
    expect(textOf(parts)).toBe('answer from keyed2');
    expect(fallbacks).toEqual(['answered by keyed2 · keyed2-model']);
  });

  it('the first provider answering reports no fallback, once, with its tries', async () => {
    const only = keyedProvider('keyed1', { scripts: [answer('one'), answer('two')] });
    const fallbacks: string[] = [];
    const options = chainOptions({ onEvent: (e) => e.type === 'fallback' && fallbacks.push(e.message) });
    const { parts } = await drain(streamChain([link(only, 'keyed')], request(), options));
    expect(textOf(parts)).toBe('one');
    expect(fallbacks).toEqual([]);
    expect(options.attempts).toEqual([{ provider: 'keyed1', model: 'keyed1-model', outcome: 'ok', tries: 1 }]);
  });

  it('the fallback is announced once, before the first visible part of the one who answers', async () => {
    const first = keyedProvider('keyed1', { scripts: [failing(down())] });
    const second = keyedProvider('keyed2', { scripts: [{ parts: [{ type: 'reasoning', text: 'r' }, { type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }] });
    const events: string[] = [];
    const options = chainOptions({ onEvent: (e) => e.type === 'fallback' && events.push('fallback') });
    for await (const part of streamChain([link(first, 'keyed'), link(second, 'keyed')], request(), options)) events.push(part.type);
    expect(events).toEqual(['fallback', 'reasoning', 'text', 'text']);
  });
});

describe('streamChain: retries are bounded', () => {
  const limited = () => new HttpStatusError(429, 'slow down', { retryAfterSeconds: 0 });

  it.each([0, 1, 3])('a retryable failure is tried %i more times, then the next provider', async (retries) => {
    const first = keyedProvider('keyed1', { scripts: [failing(limited())] });
    const second = keyedProvider('keyed2');
    const retried: Array<[string, string, number]> = [];
    const options = chainOptions({ retries, onEvent: (e) => e.type === 'retry' && retried.push([e.provider, e.reason, e.seconds]) });
    const { parts } = await drain(streamChain([link(first, 'keyed'), link(second, 'keyed')], request(), options));
    expect(first.calls).toHaveLength(retries + 1);
    expect(retried).toEqual(Array.from({ length: retries }, () => ['keyed1', 'HTTP 429', 0]));
    expect(options.attempts[0]).toMatchObject({ provider: 'keyed1', outcome: 'failed', tries: retries + 1 });
    expect(textOf(parts)).toBe('answer from keyed2');
  });

  it('a retry that succeeds is the answer, with its number of tries', async () => {
    const flaky = keyedProvider('keyed1', { scripts: [failing(limited()), answer('second time')] });
    const options = chainOptions({ retries: 2 });
    const { parts } = await drain(streamChain([link(flaky, 'keyed')], request(), options));
    expect(textOf(parts)).toBe('second time');
    expect(options.attempts).toEqual([{ provider: 'keyed1', model: 'keyed1-model', outcome: 'ok', tries: 2 }]);
  });

  it('a failure that is not retryable, or asks for too long a wait, is not retried', async () => {
    for (const error of [new HttpStatusError(400, 'bad'), new ProtocolError('garbled'), new HttpStatusError(429, 'later', { retryAfterSeconds: 61 })]) {
      const p = keyedProvider('keyed1', { scripts: [failing(error)] });
      await drain(streamChain([link(p, 'keyed')], request(), chainOptions({ retries: 3 })));
      expect(p.calls).toHaveLength(1);
    }
  });

  it('the retry wait is said for --verbose', async () => {
    const p = keyedProvider('keyed1', { scripts: [failing(limited()), answer('ok')] });
    const notices: string[] = [];
    await drain(streamChain([link(p, 'keyed')], request(), chainOptions({ retries: 1, onEvent: (e) => e.type === 'notice' && notices.push(e.message) })));
    expect(notices).toEqual(['keyed1: HTTP 429: slow down; retrying in 0.0s']);
  });
});

describe('streamChain: what is sent and what is skipped', () => {
  it('each provider gets its own model, base URL, key and the run limits', async () => {
    const p = keyedProvider('keyed1');
    const { parts } = await drain(streamChain([link(p, 'keyed', { model: 'big', baseURL: 'https://k.example/v1', apiKey: 'sk-0123456789abcdef' })], request({ model: 'asked' }), chainOptions({ timeoutMs: 1234, firstByteMs: 99, proxy: 'http://proxy.example:3128' })));
    expect(parts.map((x) => x.type)).toEqual(['start', 'text', 'finish']);
    expect(p.calls[0]!.request.model).toBe('big');
    expect(p.calls[0]!.ctx).toMatchObject({ baseURL: 'https://k.example/v1', apiKey: 'sk-0123456789abcdef', timeoutMs: 1234, firstByteMs: 99, proxy: 'http://proxy.example:3128' });
  });

  it('the first-byte limit is for streamed answers from servers not on this machine', async () => {
    const local = localProvider('local1');
    await drain(streamChain([link(local, 'local')], request(), chainOptions({ firstByteMs: 99 })));
    expect(local.calls[0]!.ctx.firstByteMs).toBeUndefined();
    const keyed = keyedProvider('keyed1');
    await drain(streamChain([link(keyed, 'keyed')], request({ stream: false }), chainOptions({ firstByteMs: 99 })));
    expect(keyed.calls[0]!.ctx.firstByteMs).toBeUndefined();
  });

  it('with images, providers that take none are skipped; if none takes them nothing is sent', async () => {
    const blind = keyedProvider('blind', lacking('images'));
    const seeing = keyedProvider('seeing');
    const withImage = request({ messages: [{ role: 'user', content: 'what is this', images: [{ mediaType: 'image/png', data: 'AAAA' }] }] });
    const notices: string[] = [];
    const options = chainOptions({ onEvent: (e) => e.type === 'notice' && notices.push(e.message) });
    const { parts } = await drain(streamChain([link(blind, 'keyed'), link(seeing, 'keyed')], withImage, options));
    expect(textOf(parts)).toBe('answer from seeing');
    expect(blind.calls).toHaveLength(0);
    expect(options.attempts[0]).toEqual({ provider: 'blind', model: 'blind-model', outcome: 'skipped', reason: 'takes no images', tries: 0 });
    expect(notices).toEqual(['skipped blind: takes no images']);
    const { error } = await drain(streamChain([link(blind, 'keyed')], withImage, chainOptions()));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('blind takes no images');
  });

  it('with tools, providers that take none are skipped; if none takes them nothing is sent', async () => {
    const plain = keyedProvider('plain', lacking('tools'));
    const plain2 = keyedProvider('plain2', lacking('tools'));
    const able = keyedProvider('able');
    const withTools = request({ tools: [{ name: 'read_file', description: 'reads', parameters: { type: 'object' } }] });
    const notices: string[] = [];
    const options = chainOptions({ onEvent: (e) => e.type === 'notice' && notices.push(e.message) });
    const { parts } = await drain(streamChain([link(plain, 'keyed'), link(able, 'keyed')], withTools, options));
    expect(textOf(parts)).toBe('answer from able');
    expect(options.attempts[0]).toEqual({ provider: 'plain', model: 'plain-model', outcome: 'skipped', reason: 'takes no tools', tries: 0 });
    expect(notices).toEqual(['skipped plain: takes no tools']);
    const { error } = await drain(streamChain([link(plain, 'keyed'), link(plain2, 'keyed')], withTools, chainOptions()));
    expect((error as Error).message).toBe('plain, plain2 take no tools');
    expect(plain.calls).toHaveLength(0);
  });

  it('Ctrl-C during an answer is an interruption, not a failure to fall back from', async () => {
    const controller = new AbortController();
    const first = keyedProvider('keyed1', { scripts: [failing(down())] });
    const second = keyedProvider('keyed2');
    const stopping = { ...first, async *stream() { controller.abort(); throw down(); } };
    const { error } = await drain(streamChain([link(stopping, 'keyed'), link(second, 'keyed')], request(), chainOptions({ signal: controller.signal })));
    expect(error).toBeInstanceOf(AbortedError);
    expect(second.calls).toHaveLength(0);
  });

  it('moving on is said as it happens, naming the next provider', async () => {
    const first = keyedProvider('keyed1', { scripts: [failing(down())] });
    const second = keyedProvider('keyed2');
    const moves: string[] = [];
    const notices: string[] = [];
    await drain(streamChain([link(first, 'keyed'), link(second, 'keyed')], request(), chainOptions({ onEvent: (e) => (e.type === 'moving-on' ? moves.push(e.message) : e.type === 'notice' && notices.push(e.message)) })));
    expect(moves).toEqual(['keyed1 failed (HTTP 500); trying keyed2']);
    expect(notices).toEqual(['keyed1 failed: HTTP 500: down']);
  });
});
