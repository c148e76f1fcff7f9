import { describe, expect, it } from 'vitest';
import { linkFor, parseProviderSpec, planChain, type PlanInput } from '../../src/core/routing/plan-chain.js';
import { MissingKeyError, UsageError } from '../../src/ground/errors.js';
import type { ChainLink } from '../../src/core/chain/chain.js';
import { fakeCatalog, fakeProvider, keyVariable, keyedProvider, localProvider, publicProvider } from './fakes.js';

const ids = (links: ChainLink[]) => links.map((l) => l.provider.id);

function input(providers: Parameters<typeof fakeCatalog>[0], extra: Partial<PlanInput> = {}): PlanInput {
  return { catalog: fakeCatalog(providers), provider: 'auto', env: {}, probeLocal: async () => ['llama3.2'], ...extra };
}

describe('planChain in auto: local, then keyed, then public', () => {
  // The catalog lists public first: the order must come from reach, not from the catalog.
  const pub1 = publicProvider('pub1');
  const keyed1 = keyedProvider('keyed1');
  const pub2 = publicProvider('pub2');
  const local1 = localProvider('local1');
  const keyed2 = keyedProvider('keyed2');
  const env = { [keyVariable('keyed1')]: 'sk-keyed1-0123456789abcdef', [keyVariable('keyed2')]: 'sk-keyed2-0123456789abcdef' };

  it('never puts a public provider before a keyed one, nor a keyed before a local one', async () => {
    const plan = await planChain(input([pub1, keyed1, pub2, local1, keyed2], { env }));
    expect(plan.auto).toBe(true);
    expect(ids(plan.links)).toEqual(['local1', 'keyed1', 'keyed2', 'pub1', 'pub2']);
    expect(plan.links.map((l) => l.reach)).toEqual(['local', 'keyed', 'keyed', 'public', 'public']);
  });

  it('orders each group apart: health order never mixes reaches', async () => {
    const plan = await planChain(input([pub1, keyed1, pub2, local1, keyed2], { env, orderGroup: (links) => [...links].reverse() }));
    expect(ids(plan.links)).toEqual(['local1', 'keyed2', 'keyed1', 'pub2', 'pub1']);
  });

  it('a keyed provider without a key is skipped with the variable to set, and sends nothing', async () => {
    const plan = await planChain(input([pub1, keyed1], { env: {} }));
    expect(ids(plan.links)).toEqual(['pub1']);
    expect(plan.skipped).toEqual([{ provider: 'keyed1', outcome: 'skipped', reason: `no key (set ${keyVariable('keyed1')})`, tries: 0 }]);
  });

  it('a stored key makes a provider keyed', async () => {
    const plan = await planChain(input([pub1, keyed1], { storedKeys: { keyed1: 'sk-stored-0123456789abcdef' } }));
    expect(ids(plan.links)).toEqual(['keyed1', 'pub1']);
    expect(plan.links[0]).toMatchObject({ reach: 'keyed', apiKey: 'sk-stored-0123456789abcdef', keyFrom: 'stored' });
  });

  it('a keyed provider at an address the user set is local, and needs no key there', async () => {
    const plan = await planChain(input([pub1, keyed1], { env: { G4F_CHAT_KEYED1_BASE_URL: 'https://my-gateway.example/v1' } }));
    expect(ids(plan.links)).toEqual(['keyed1', 'pub1']);
    expect(plan.links[0]).toMatchObject({ reach: 'local', baseURLSource: 'variable', baseURLOrigin: 'G4F_CHAT_KEYED1_BASE_URL', apiKey: undefined });
  });

  it('a local server joins only when it answers, and is named when it does not', async () => {
    const plan = await planChain(input([pub1, local1], { probeLocal: async () => undefined }));
    expect(ids(plan.links)).toEqual(['pub1']);
    expect(plan.skipped).toEqual([{ provider: 'local1', outcome: 'skipped', reason: 'not running', tries: 0 }]);
    const without = await planChain(input([pub1, local1], { probeLocal: undefined }));
    expect(ids(without.links)).toEqual(['pub1']);
  });

  it("a local server's default model is replaced by one it has, unless -m names one", async () => {
    const local = localProvider('ollama-like', { defaultModel: 'llama3.2' });
    const has = (models: string[]) => input([local], { probeLocal: async () => models });
    expect((await planChain(has(['qwen3', 'mistral']))).links[0]!.model).toBe('qwen3');
    expect((await planChain(has(['qwen3', 'llama3.2']))).links[0]!.model).toBe('llama3.2');
    expect((await planChain(has(['qwen3', 'llama3.2:latest']))).links[0]!.model).toBe('llama3.2');
    expect((await planChain(has([]))).links[0]!.model).toBe('llama3.2');
    expect((await planChain({ ...has(['qwen3']), model: 'phi4' })).links[0]!.model).toBe('phi4');
  });

  it('leaves out providers marked not working, and names those kept out of auto by their terms', async () => {
    const gone = publicProvider('gone', { working: false });
    const trains = publicProvider('trains', { notInAuto: true, terms: 'trains on prompts' });
    const plan = await planChain(input([gone, trains, pub1]));
    expect(ids(plan.links)).toEqual(['pub1']);
    expect(plan.skipped).toEqual([{ provider: 'trains', outcome: 'skipped', reason: 'not in auto (its terms: trains on prompts; use -p trains)', tries: 0 }]);
    const noTerms = await planChain(input([publicProvider('ads', { notInAuto: true })]));
    expect(noTerms.skipped[0]!.reason).toBe('not in auto (its terms: see providers; use -p ads)');
  });

  it('-m naming a model a strict provider lacks leaves that provider out, not the run', async () => {
    const strict = publicProvider('strict', { strictModels: true, models: ['only-this'] });
    const plan = await planChain(input([strict, pub1], { model: 'other' }));
    expect(ids(plan.links)).toEqual(['pub1']);
  });

  it('a base URL variable that is no URL is a usage error, not a silent skip', async () => {
    await expect(planChain(input([pub1], { env: { G4F_CHAT_PUB1_BASE_URL: 'not a url' } }))).rejects.toThrow(UsageError);
  });

  it('refuses --base-url and --api-key without a provider', async () => {
    await expect(planChain(input([pub1], { baseURL: 'http://127.0.0.1:1/v1' }))).rejects.toThrow('--base-url needs a provider');
    await expect(planChain(input([pub1], { apiKey: 'sk-0123456789abcdef' }))).rejects.toThrow('--api-key needs a provider');
  });

  it("asks a user's own server for its first model when none is configured", async () => {
    const own = fakeProvider('own', { userDefined: true, pickModelLive: true, baseURL: 'http://10.0.0.5:8080/v1' });
    const plan = await planChain(input([own, pub1], { probeLocal: async () => ['served-model'] }));
    expect(plan.links[0]).toMatchObject({ reach: 'local', model: 'served-model' });
    const named = await planChain(input([own], { model: 'mine', probeLocal: async () => ['served-model'] }));
    expect(named.links[0]!.model).toBe('mine');
    const empty = await planChain(input([own], { probeLocal: async () => [] }));
    expect(empty.links[0]!.model).toBe('own-model');
  });
});

describe('planChain with named providers', () => {
  const pub1 = publicProvider('pub1');
  const keyed1 = keyedProvider('keyed1');
  const keyed2 = keyedProvider('keyed2');

  it('keeps the order the user gave, public first if so named', async () => {
    const env = { [keyVariable('keyed1')]: 'sk-keyed1-0123456789abcdef' };
    const plan = await planChain(input([keyed1, pub1], { provider: 'pub1,keyed1', env }));
    expect(ids(plan.links)).toEqual(['pub1', 'keyed1']);
    expect(plan.auto).toBe(false);
    expect(plan.links.map((l) => l.reach)).toEqual(['public', 'keyed']);
  });

  it('a named provider without its key is skipped while another can answer, else the missing key is the error', async () => {
    const env = { [keyVariable('keyed2')]: 'sk-keyed2-0123456789abcdef' };
    const plan = await planChain(input([keyed1, keyed2], { provider: 'keyed1,keyed2', env }));
    expect(ids(plan.links)).toEqual(['keyed2']);
    expect(plan.skipped.map((s) => s.provider)).toEqual(['keyed1']);
    const none = planChain(input([keyed1, keyed2], { provider: 'keyed1,keyed2' }));
    await expect(none).rejects.toThrow(MissingKeyError);
    await expect(none).rejects.toThrow(/^keyed1 needs an API key/);
  });

  it('--api-key and --base-url go to one provider only', async () => {
    await expect(planChain(input([pub1, keyed1], { provider: 'pub1,keyed1', apiKey: 'sk-0123456789abcdef' }))).rejects.toThrow('--api-key applies to one provider');
    await expect(planChain(input([pub1, keyed1], { provider: 'pub1,keyed1', baseURL: 'http://127.0.0.1:9/v1' }))).rejects.toThrow('--base-url applies to one provider');
    const one = await planChain(input([keyed1], { provider: 'keyed1', apiKey: 'sk-flag-0123456789abcdef' }));
    expect(one.links[0]).toMatchObject({ apiKey: 'sk-flag-0123456789abcdef', keyFrom: '--api-key', reach: 'keyed' });
    const based = await planChain(input([keyed1], { provider: 'keyed1', baseURL: 'https://elsewhere.example/v1/' }));
    expect(based.links[0]).toMatchObject({ baseURL: 'https://elsewhere.example/v1', reach: 'local', baseURLOrigin: '--base-url' });
  });

  it('warns about a provider marked not working and a model it does not list, and still tries it', async () => {
    const warnings: string[] = [];
    const odd = publicProvider('odd', { working: false, warnUnknownModels: true, models: ['a', 'b'] });
    const plan = await planChain(input([odd], { provider: 'odd', model: 'c', onWarning: (w) => warnings.push(w) }));
    expect(ids(plan.links)).toEqual(['odd']);
    expect(warnings).toEqual(['odd is marked not working upstream; trying it anyway', 'odd does not list the model "c"; sending it anyway (known: a, b)']);
    const quiet: string[] = [];
    await planChain(input([odd], { provider: 'odd', model: 'a', onWarning: (w) => quiet.push(w) }));
    expect(quiet).toEqual(['odd is marked not working upstream; trying it anyway']);
  });

});

describe('planChain: a retired default remembered from an earlier run', () => {
  const p = publicProvider('p', { defaultModel: 'old' });
  const choices = { p: { retired: 'old', chosen: 'new', baseURL: 'https://api.p.example/v1', at: 1 } };

  it('is used in place of the default it replaced, at the same address', async () => {
    const plan = await planChain(input([p], { provider: 'p', modelChoices: choices }));
    expect(plan.links[0]!.model).toBe('new');
  });

  it('never in place of a model the user named, nor at another address', async () => {
    expect((await planChain(input([p], { provider: 'p', model: 'old', modelChoices: choices }))).links[0]!.model).toBe('old');
    expect((await planChain(input([p], { provider: 'p', baseURL: 'https://mirror.example/v1', modelChoices: choices }))).links[0]!.model).toBe('old');
  });
});

describe('planChain: a server of the user’s own without a model', () => {
  it('keeps its configured default when it cannot be asked, or is named with -p', async () => {
    const own = fakeProvider('own', { userDefined: true, pickModelLive: true, baseURL: 'http://10.0.0.5:8080/v1' });
    expect((await planChain(input([own], { probeLocal: undefined }))).links[0]!.model).toBe('own-model');
    expect((await planChain(input([own], { provider: 'own', probeLocal: async () => ['served'] }))).links[0]!.model).toBe('served');
    const fixed = fakeProvider('fixed', { userDefined: true, baseURL: 'http://10.0.0.5:8080/v1' });
    let asked = 0;
    const plan = await planChain(input([fixed], { provider: 'fixed', probeLocal: async () => (asked++, ['served']) }));
    expect(plan.links[0]!.model).toBe('fixed-model');
    expect(asked).toBe(0);
  });
});

describe('planChain: warnings and missing keys, exactly', () => {
  it('a working provider is tried without a warning, and warnings need nobody listening', async () => {
    const warnings: string[] = [];
    await planChain(input([publicProvider('fine')], { provider: 'fine', onWarning: (w) => warnings.push(w) }));
    expect(warnings).toEqual([]);
    const odd = publicProvider('odd', { working: false, warnUnknownModels: true, models: ['a'] });
    const plan = await planChain(input([odd], { provider: 'odd', model: 'c' }));
    expect(plan.links[0]!.model).toBe('c');
  });

  it('names every variable that would hold the key, and copes with a provider naming none', async () => {
    const two = keyedProvider('two', { apiKeyEnv: ['TWO_KEY', 'TWO_TOKEN'] });
    const none = keyedProvider('none', { apiKeyEnv: undefined });
    const plan = await planChain(input([two, none, publicProvider('pub')]));
    expect(plan.skipped.map((s) => s.reason)).toEqual(['no key (set TWO_KEY or TWO_TOKEN)', 'no key (set )']);
    const missing = planChain(input([none], { provider: 'none' }));
    await expect(missing).rejects.toThrow(MissingKeyError);
    await expect(missing).rejects.toMatchObject({ envVars: [] });
  });
});

describe('parseProviderSpec', () => {
  it('reads auto, one id and a list', () => {
    expect(parseProviderSpec('')).toBe('auto');
    expect(parseProviderSpec('  AUTO ')).toBe('auto');
    expect(parseProviderSpec('OpenAI, groq')).toEqual(['openai', 'groq']);
  });

  it('refuses an empty member, auto inside a list and a repeated id', () => {
    expect(() => parseProviderSpec('openai,,groq')).toThrow('"openai,,groq" is not a provider chain');
    expect(() => parseProviderSpec('openai,auto')).toThrow('"auto" stands alone');
    expect(() => parseProviderSpec('groq,openai,groq')).toThrow('provider "groq" is named twice in "groq,openai,groq"');
  });
});

describe('linkFor', () => {
  it('a keyed provider with its key at its own address is keyed, with where the key came from', () => {
    const keyed = keyedProvider('k');
    const l = linkFor(keyed, { catalog: fakeCatalog([keyed]), env: { [keyVariable('k')]: ' sk-env-0123456789abcdef ' } });
    expect(l).toMatchObject({ reach: 'keyed', apiKey: 'sk-env-0123456789abcdef', keyFrom: keyVariable('k'), baseURLSource: 'default', baseURLOrigin: undefined, modelIsDefault: true });
  });

  it('a base URL from the config file makes it local and says where it came from', () => {
    const keyed = keyedProvider('k');
    const l = linkFor(keyed, { catalog: fakeCatalog([keyed], { k: 'https://corp.example/v1' }), env: { [keyVariable('k')]: 'sk-env-0123456789abcdef' } });
    expect(l).toMatchObject({ reach: 'local', baseURLSource: 'config', baseURLOrigin: 'config providers.k.baseUrl' });
  });

  it('a model named by the user is not a default that may be replaced', () => {
    const p = publicProvider('p');
    const catalog = fakeCatalog([p]);
    expect(linkFor(p, { catalog, env: {}, model: 'x' }).modelIsDefault).toBe(false);
    expect(linkFor(p, { catalog, env: {}, model: '  ' }).modelIsDefault).toBe(true);
    expect(linkFor({ ...p, defaultModelConfigured: true }, { catalog, env: {} }).modelIsDefault).toBe(false);
    expect(linkFor({ ...p, userDefined: true }, { catalog, env: {} }).modelIsDefault).toBe(false);
  });
});
