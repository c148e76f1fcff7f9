import { describe, expect, it } from 'vitest';
import { planChain, type PlanInput } from '../../src/core/routing/plan-chain.js';
import { streamChain } from '../../src/core/chain/chain.js';
import { AuthError, G4fError, HttpStatusError, NetworkError, TimeoutError } from '../../src/ground/errors.js';
import { modelListedFirst } from '../../src/core/chain/list-first.js';
import { chainOptions, drain, fakeCatalog, keyedProvider, link, listening, request, textOf } from './fakes.js';

/** A provider whose server lists `listed` (or fails the list with `listError`), recording each list asked. */
function cloud(listed: string[] | undefined, listError?: Error) {
  const asked: string[] = [];
  const provider = keyedProvider('cloud', {
    defaultModel: 'cloud-default',
    models: ['cloud-default', 'cloud-big'],
    listModels: async (ctx) => {
      asked.push(ctx.baseURL);
      if (listError) throw listError;
      if (!listed) throw new HttpStatusError(404, 'no list');
      return listed;
    },
  });
  return { provider, asked };
}

const plan = (provider: ReturnType<typeof cloud>['provider'], extra: Partial<PlanInput> = {}) =>
  planChain({ catalog: fakeCatalog([provider]), provider: 'cloud', env: {}, baseURL: 'http://127.0.0.1:8080/v1', askListFirst: true, ...extra });

/** Runs the chain on a link that asks the list first; what was sent, said and recorded. */
async function run(listed: string[] | undefined, listError?: Error) {
  const { provider, asked } = cloud(listed, listError);
  const { options, heard } = listening();
  const chainLink = link(provider, 'local', { baseURL: 'http://127.0.0.1:8080/v1', baseURLSource: 'flag', modelIsDefault: true, askListFirst: true });
  const { parts, error } = await drain(streamChain([chainLink], request(), options));
  return { sent: provider.calls.map((c) => c.request.model), asked, heard, attempts: options.attempts, text: textOf(parts), error };
}

describe('planning marks which links ask the server for its models first', () => {
  it('a default at an address the user set: by flag or by variable', async () => {
    expect((await plan(cloud([]).provider)).links[0]!.askListFirst).toBe(true);
    const byVariable = await plan(cloud([]).provider, { baseURL: undefined, env: { G4F_CHAT_CLOUD_BASE_URL: 'http://10.0.0.5/v1' } });
    expect(byVariable.links[0]!.askListFirst).toBe(true);
  });

  it('not for a model the user named, at the default address, or when an earlier run remembered the pick', async () => {
    expect((await plan(cloud([]).provider, { model: 'cloud-big' })).links[0]!.askListFirst).toBe(false);
    expect((await plan(cloud([]).provider, { baseURL: undefined, env: { KEYED_CLOUD: 'sk-cloud-0123456789' } })).links[0]!.askListFirst).toBe(false);
    const modelChoices = { cloud: { retired: 'cloud-default', chosen: 'local-model', baseURL: 'http://127.0.0.1:8080/v1', at: 1 } };
    const remembered = await plan(cloud([]).provider, { modelChoices });
    expect(remembered.links[0]).toMatchObject({ model: 'local-model', askListFirst: false });
  });

  it('not when the caller does not ask for it (serve relays the model its client named)', async () => {
    expect((await plan(cloud([]).provider, { askListFirst: false })).links[0]!.askListFirst).toBe(false);
  });

  it('planning itself sends nothing: the list is asked only when the chain reaches the link', async () => {
    const { provider, asked } = cloud(['local-model']);
    await plan(provider);
    expect(asked).toEqual([]);
  });
});

describe('the chain asks the list before the first request there', () => {
  it('sends the default when the server lists it, and says nothing', async () => {
    const result = await run(['cloud-big', 'cloud-default']);
    expect(result).toMatchObject({ sent: ['cloud-default'], asked: ['http://127.0.0.1:8080/v1'], text: 'answer from cloud' });
    // Said to the caller only to be remembered for that address (the CLI prints nothing for it).
    expect(result.heard.healed).toEqual([['cloud-default', 'cloud-default', 'in its model list']]);
  });

  it('gives way to the first listed chat model at --base-url, never an embedding, speech or image model, and says so once', async () => {
    const result = await run(['text-embedding-3-small', 'whisper-1', 'dall-e-3', 'local-model', 'other']);
    expect(result.sent).toEqual(['local-model']);
    expect(result.heard.healed).toEqual([['local-model', 'cloud-default', 'not in its model list']]);
    expect(result.attempts).toEqual([{ provider: 'cloud', model: 'local-model', outcome: 'ok', tries: 1 }]);
  });

  it('sends the default when the list is refused or lists no chat model', async () => {
    expect(await run(undefined)).toMatchObject({ sent: ['cloud-default'], error: undefined });
    expect(await run(['text-embedding-3-small'])).toMatchObject({ sent: ['cloud-default'], error: undefined });
  });

  it('a host that cannot be reached or stays silent fails the attempt at the list: the chat request is never waited for again', async () => {
    const refused = Object.assign(new NetworkError('cannot connect to 127.0.0.1:8080'), { unreachable: { host: '127.0.0.1:8080', reason: 'connection refused' } });
    const unreachable = await run(['local-model'], refused);
    expect(unreachable.sent).toEqual([]);
    expect(unreachable.error).toBe(refused);
    expect(unreachable.attempts).toMatchObject([{ provider: 'cloud', outcome: 'failed', tries: 1 }]);
    const silent = await run(['local-model'], new TimeoutError('cloud: timed out'));
    expect(silent.sent).toEqual([]);
    expect(silent.error).toBeInstanceOf(TimeoutError);
    expect((silent.error as TimeoutError).firstByte).toBe(true);
  });

  it('a list cut off mid-answer, or not this API, leaves the default: the chat request still goes', async () => {
    const cut = new NetworkError('the connection closed mid-answer');
    expect(await run(['local-model'], cut)).toMatchObject({ sent: ['cloud-default'], error: undefined });
  });

  it('a key the server refuses at the list fails the attempt there: the prompt is not sent to be refused again', async () => {
    const refused = await run(['local-model'], new AuthError(401, 'invalid api key'));
    expect(refused.sent).toEqual([]);
    expect(refused.error).toBeInstanceOf(AuthError);
  });

  it('a link that does not ask (a named model) sends its model at once', async () => {
    const { provider, asked } = cloud(['local-model']);
    const options = chainOptions();
    await drain(streamChain([link(provider, 'keyed', { model: 'cloud-big' })], request(), options));
    expect(asked).toEqual([]);
    expect(provider.calls.map((c) => c.request.model)).toEqual(['cloud-big']);
  });
});

describe('modelListedFirst: the list request alone', () => {
  const hanging = (seen: { signal?: AbortSignal }) =>
    keyedProvider('cloud', {
      defaultModel: 'cloud-default',
      listModels: (ctx) => {
        seen.signal = ctx.signal;
        // A server that never answers: only the signal ends the wait.
        return new Promise<string[]>((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
      },
    });
  const ctxOf = (signal: AbortSignal, firstByteMs: number | undefined, timeoutMs: number) => ({ baseURL: 'http://127.0.0.1:8080/v1', signal, timeoutMs, firstByteMs });
  const linkTo = (provider: ReturnType<typeof keyedProvider>) => link(provider, 'keyed', { baseURL: 'http://127.0.0.1:8080/v1', modelIsDefault: true, askListFirst: true });

  it('a silent server is waited for the first-byte limit (not the longer --timeout), then fails the attempt as silent', async () => {
    const seen: { signal?: AbortSignal } = {};
    const started = Date.now();
    const outcome = await modelListedFirst(linkTo(hanging(seen)), ctxOf(new AbortController().signal, 50, 60_000));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect('error' in outcome && outcome.error).toBeInstanceOf(TimeoutError);
    expect('error' in outcome && (outcome.error as TimeoutError).firstByte).toBe(true);
    expect(seen.signal?.aborted).toBe(true);
  });

  it('the user stopping the run (Ctrl-C) is no outcome: it goes on up', async () => {
    const seen: { signal?: AbortSignal } = {};
    const user = new AbortController();
    const pending = modelListedFirst(linkTo(hanging(seen)), ctxOf(user.signal, 60_000, 60_000));
    user.abort();
    await expect(pending).rejects.toThrow('aborted');
  });

  it('a proxy that refuses fails the attempt at the list', async () => {
    const proxy = new G4fError('127.0.0.1:3128 asks for credentials (HTTP 407)', { code: 'proxy' });
    const provider = keyedProvider('cloud', { defaultModel: 'cloud-default', listModels: async () => { throw proxy; } });
    expect(await modelListedFirst(linkTo(provider), ctxOf(new AbortController().signal, 1000, 1000))).toEqual({ error: proxy });
  });
});
