import type { Catalog } from '../../src/core/routing/catalog.js';
import { UsageError } from '../../src/ground/errors.js';
import type { Attempt, ChainEvent, ChainLink, ChainOptions } from '../../src/core/chain/chain.js';
import type { Reach } from '../../src/core/routing/reach.js';
import type { Capability } from '../../src/ground/capabilities.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from '../../src/ground/types.js';

/** What a fake provider can do unless a test says otherwise: stream, tools and images among them. */
export const FAKE_CAPABILITIES: readonly Capability[] = ['stream', 'system', 'history', 'images', 'tools', 'tool-choice'];

/** A fake provider's capabilities without `missing`: `keyedProvider('blind', lacking('images'))`. */
export const lacking = (...missing: Capability[]) => ({ capabilities: FAKE_CAPABILITIES.filter((c) => !missing.includes(c)) });

/** What one call of a fake provider does: the parts it yields, then an error to throw, if any. */
export interface Script {
  parts?: StreamPart[];
  error?: Error;
}

/** A provider in memory: each call plays the next script (the last one repeats) and is recorded. */
export interface FakeProvider extends Provider {
  calls: Array<{ request: ChatRequest; ctx: CallContext }>;
}

export function fakeProvider(id: string, settings: Partial<Provider> & { scripts?: Script[] } = {}): FakeProvider {
  const { scripts = [answer(`answer from ${id}`)], ...rest } = settings;
  const calls: FakeProvider['calls'] = [];
  const provider: FakeProvider = {
    id,
    label: id,
    url: `https://${id}.example`,
    baseURL: `https://api.${id}.example/v1`,
    working: true,
    kind: 'keyless',
    capabilities: FAKE_CAPABILITIES,
    defaultModel: `${id}-model`,
    models: [`${id}-model`],
    modelAliases: {},
    params: ['model', 'messages', 'stream'],
    calls,
    ...rest,
    async *stream(request, ctx) {
      const script = scripts[Math.min(calls.length, scripts.length - 1)]!;
      calls.push({ request, ctx });
      for (const part of script.parts ?? []) yield part;
      if (script.error) throw script.error;
    },
  };
  return provider;
}

/** A whole answer: start, the text, finish. */
export function answer(text: string, provider = 'fake'): Script {
  return { parts: [{ type: 'start', provider, model: 'm' }, { type: 'text', text }, { type: 'finish', reason: 'stop' }] };
}

export const failing = (error: Error, parts: StreamPart[] = []): Script => ({ parts, error });

/** A public keyless service run by others. */
export const publicProvider = (id: string, settings: Partial<Provider> & { scripts?: Script[] } = {}) => fakeProvider(id, { kind: 'keyless', ...settings });

/** A service that needs the user's key; `KEYED_<ID>` holds it in the tests' environment. */
export const keyedProvider = (id: string, settings: Partial<Provider> & { scripts?: Script[] } = {}) =>
  fakeProvider(id, { kind: 'keyed', apiKeyEnv: [keyVariable(id)], ...settings });

/** A server on this machine (Ollama's kind). */
export const localProvider = (id: string, settings: Partial<Provider> & { scripts?: Script[] } = {}) =>
  fakeProvider(id, { kind: 'local', baseURL: 'http://127.0.0.1:11434', ...settings });

export const keyVariable = (id: string) => `KEYED_${id.toUpperCase().replace(/-/g, '_')}`;

/**
 * A catalog holding exactly these providers, with `providers.<id>.baseUrl` settings if given.
 * Built in place of the real class, whose module loads every provider of the registry.
 */
export function fakeCatalog(providers: Provider[], baseUrls: Record<string, string> = {}): Catalog {
  const find = (id: string) => providers.find((p) => p.id === id.trim().toLowerCase());
  const catalog = {
    all: providers,
    find,
    ids: () => providers.map((p) => p.id),
    require(id: string, otherChoices: readonly string[] = []) {
      const provider = find(id);
      if (!provider) throw new UsageError(`unknown provider "${id}"; known providers: ${[...otherChoices, ...providers.map((p) => p.id)].join(', ')}`);
      return provider;
    },
    configuredBaseURL: (id: string) => baseUrls[id],
  };
  return catalog as unknown as Catalog;
}

/** A link as planChain would make it, with the reach given outright. */
export function link(provider: Provider, reach: Reach, extra: Partial<ChainLink> = {}): ChainLink {
  return { provider, model: provider.defaultModel, baseURL: provider.baseURL, reach, ...extra };
}

export function chainOptions(extra: Partial<ChainOptions> = {}): ChainOptions & { attempts: Attempt[] } {
  return { signal: new AbortController().signal, timeoutMs: 5000, retries: 0, attempts: [], ...extra };
}

export const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content: 'hello' }], stream: true, ...extra });

/** Runs a generator to its end: every part, and the error it ended with, if any. */
export async function drain(parts: AsyncIterable<StreamPart>): Promise<{ parts: StreamPart[]; error?: unknown }> {
  const seen: StreamPart[] = [];
  try {
    for await (const part of parts) seen.push(part);
    return { parts: seen };
  } catch (error) {
    return { parts: seen, error };
  }
}

export const textOf = (parts: StreamPart[], type: 'text' | 'reasoning' = 'text') =>
  parts
    .filter((p): p is Extract<StreamPart, { type: 'text' | 'reasoning' }> => p.type === type)
    .map((p) => p.text)
    .join('');

/** An async iterable of these parts, then an error if one is given. */
export async function* partsOf(parts: StreamPart[], error?: Error): AsyncGenerator<StreamPart> {
  for (const part of parts) yield part;
  if (error) throw error;
}

/** Everything a chain said while it ran, by kind. */
export interface Heard {
  notices: string[];
  retries: Array<[provider: string, reason: string, seconds: number]>;
  movingOn: string[];
  fallbacks: Array<[message: string, answeredBy: string]>;
  healed: Array<[model: string, retired: string, reason: string]>;
  asked: string[];
  /** Called first with every event, for tests that act on one (Ctrl-C during a wait). */
  then?: (kind: keyof Omit<Heard, 'then'>) => void;
}

/** Chain options that record every event the chain sends. */
export function listening(extra: Partial<ChainOptions> = {}): { options: ChainOptions & { attempts: Attempt[] }; heard: Heard } {
  const heard: Heard = { notices: [], retries: [], movingOn: [], fallbacks: [], healed: [], asked: [] };
  const note = <K extends keyof Omit<Heard, 'then'>>(kind: K, value: Heard[K][number]) => {
    (heard[kind] as Array<Heard[K][number]>).push(value);
    heard.then?.(kind);
  };
  const onEvent = (event: ChainEvent) => {
    if (event.type === 'notice') note('notices', event.message);
    else if (event.type === 'asking') note('asked', `${event.provider} · ${event.model}`);
    else if (event.type === 'retry') note('retries', [event.provider, event.reason, event.seconds]);
    else if (event.type === 'moving-on') note('movingOn', event.message);
    else if (event.type === 'fallback') note('fallbacks', [event.message, event.answeredBy]);
    else if (event.type === 'healed') note('healed', [event.link.model, event.retired, event.reason]);
  };
  return { options: chainOptions({ ...extra, onEvent }), heard };
}
