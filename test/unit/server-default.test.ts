import { describe, expect, it } from 'vitest';
import { planChain, type PlanInput } from '../../src/core/routing/plan-chain.js';
import type { ChainLink } from '../../src/core/chain/chain.js';
import { fakeCatalog, keyedProvider } from './fakes.js';

const provider = keyedProvider('cloud', { defaultModel: 'cloud-default', models: ['cloud-default', 'cloud-big'], listModels: async () => [] });

/** Plans `-p cloud` with the server's list answered by `listed`; records what was asked and remembered. */
async function plan(listed: string[] | undefined, extra: Partial<PlanInput> = {}) {
  const asked: string[] = [];
  const remembered: Array<{ chosen: string; defaultModel: string }> = [];
  const result = await planChain({
    catalog: fakeCatalog([provider]),
    provider: 'cloud',
    env: {},
    baseURL: 'http://127.0.0.1:8080/v1',
    listServerModels: async (link: ChainLink) => {
      asked.push(link.baseURL);
      return listed;
    },
    onServerModel: async (link, defaultModel) => void remembered.push({ chosen: link.model, defaultModel }),
    ...extra,
  });
  return { model: result.links[0]!.model, asked, remembered };
}

describe('the default model at an address the user set', () => {
  it('is sent when the server lists it', async () => {
    expect(await plan(['cloud-big', 'cloud-default'])).toEqual({ model: 'cloud-default', asked: ['http://127.0.0.1:8080/v1'], remembered: [{ chosen: 'cloud-default', defaultModel: 'cloud-default' }] });
  });

  it('gives way to the first listed chat model at --base-url, never an embedding, speech or image model', async () => {
    const result = await plan(['text-embedding-3-small', 'whisper-1', 'dall-e-3', 'local-model', 'other']);
    expect(result.model).toBe('local-model');
    expect(result.remembered).toEqual([{ chosen: 'local-model', defaultModel: 'cloud-default' }]);
  });

  it('stays the default when the list fails or lists no chat model', async () => {
    expect(await plan(undefined)).toMatchObject({ model: 'cloud-default', remembered: [] });
    expect(await plan(['text-embedding-3-small'])).toMatchObject({ model: 'cloud-default', remembered: [] });
  });

  it('asks nothing for a model the user named, at the default address, or when an earlier run remembered the pick', async () => {
    expect(await plan(['local-model'], { model: 'cloud-big' })).toMatchObject({ model: 'cloud-big', asked: [] });
    expect(await plan(['local-model'], { baseURL: undefined, env: { KEYED_CLOUD: 'sk-cloud-0123456789' } })).toMatchObject({ model: 'cloud-default', asked: [] });
    const modelChoices = { cloud: { retired: 'cloud-default', chosen: 'local-model', baseURL: 'http://127.0.0.1:8080/v1', at: 1 } };
    expect(await plan(['other'], { modelChoices })).toMatchObject({ model: 'local-model', asked: [] });
  });

  it('a base URL from a variable is the user\'s too; there the replacement rule prefers the provider\'s own table', async () => {
    const result = await plan(['zeta', 'cloud-big'], { baseURL: undefined, env: { G4F_CHAT_CLOUD_BASE_URL: 'http://10.0.0.5/v1' } });
    expect(result).toMatchObject({ model: 'cloud-big', asked: ['http://10.0.0.5/v1'] });
  });
});
