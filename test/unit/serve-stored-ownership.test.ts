import { describe, expect, it } from 'vitest';
import { ServeError } from '../../src/server/request-errors.js';
import { historyOf } from '../../src/server/responses-stored.js';
import { loadOwned, ownerOf, storeCall } from '../../src/server/stored-records.js';
import { StoreUnavailableError, type ResponseStore, type StoredJson } from '../../src/store/serve-store/response-store.js';

/** An in-memory store; `down` makes every call fail as a store that does not answer. */
function memoryStore(): ResponseStore & { down: boolean; records: Map<string, StoredJson> } {
  const records = new Map<string, StoredJson>();
  const store = {
    where: 'memory://test',
    shared: false,
    down: false,
    records,
    check() {
      if (store.down) throw new StoreUnavailableError('memory://test', 'down');
    },
    get: async (key: string) => (store.check(), records.get(key)),
    put: async (key: string, value: StoredJson) => void (store.check(), records.set(key, value)),
    delete: async (key: string) => (store.check(), records.delete(key)),
    appendItems: async () => false,
    listItems: async () => undefined,
    deleteItem: async () => undefined,
    close: async () => undefined,
  };
  return store;
}

describe('who owns a stored response', () => {
  it('is a hash of the server token, never the token, and differs by token', () => {
    const owner = ownerOf('sk-very-secret-1234');
    expect(owner).toMatch(/^[0-9a-f]{64}$/);
    expect(owner).not.toContain('sk-very-secret');
    expect(ownerOf('another-token')).not.toBe(owner);
    expect(ownerOf(undefined)).toBe(ownerOf(undefined));
  });

  it("another owner's record is a 404, as one that never was; a name that is no id is one too", async () => {
    const store = memoryStore();
    await store.put('response:resp_1', { owner: ownerOf('a'), response: { id: 'resp_1' } });
    await expect(loadOwned({ store, owner: ownerOf('a') }, 'response', 'resp_1')).resolves.toMatchObject({ response: { id: 'resp_1' } });
    for (const [owner, id] of [[ownerOf('b'), 'resp_1'], [ownerOf('a'), 'resp_2'], [ownerOf('a'), '../response:resp_1']]) {
      const error = await loadOwned({ store, owner }, 'response', id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServeError);
      expect((error as ServeError).status).toBe(404);
    }
  });

  it('a chain whose earlier response is gone is refused naming it, not cut short', async () => {
    const store = memoryStore();
    const owner = ownerOf(undefined);
    const turn = (id: string, text: string, previous?: string) => ({ owner, input: [{ type: 'message', role: 'user', content: text }], response: { id, output: [] }, ...(previous ? { previous_response_id: previous } : {}) });
    await store.put('response:resp_b', turn('resp_b', 'two', 'resp_a'));
    await store.put('response:resp_c', turn('resp_c', 'three', 'resp_b'));
    const error = await historyOf({ store, owner }, 'resp_c').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, param: 'previous_response_id' });
    expect((error as Error).message).toContain('resp_a');
    await store.put('response:resp_a', turn('resp_a', 'one'));
    expect((await historyOf({ store, owner }, 'resp_c')).map((item) => item.content)).toEqual(['one', 'two', 'three']);
  });

  it('a store that does not answer is a 503 naming it', async () => {
    const store = memoryStore();
    store.down = true;
    const error = await storeCall(store.get('response:x')).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'store_unavailable', message: 'the response store at memory://test is not answering' });
  });
});
