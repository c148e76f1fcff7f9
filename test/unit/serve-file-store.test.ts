import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileResponseStore } from '../../src/store/serve-store/file-store.js';
import { StoreRecordTooLargeError, StoreUnavailableError, type StoreBounds } from '../../src/store/serve-store/response-store.js';

const dirOf = () => join(mkdtempSync(join(tmpdir(), 'g4f-serve-store-')), 'serve-store');
const bounds = (over: Partial<StoreBounds>): StoreBounds => ({ maxRecords: 100, maxBytes: 1_000_000, maxAgeMs: 1000, maxItems: 100, ...over });

describe('the files store of serve', () => {
  it('keeps records and their items, owner-only', async () => {
    const dir = dirOf();
    const store = new FileResponseStore(dir, bounds({}));
    await store.put('conversation:conv_1', { owner: 'o', title: 'x' });
    expect(await store.appendItems('conversation:conv_1', [{ id: 'a' }, { id: 'b' }])).toBe(true);
    await store.put('conversation:conv_1', { owner: 'o', title: 'y' });
    expect(await store.get('conversation:conv_1')).toEqual({ owner: 'o', title: 'y' });
    expect(await store.listItems('conversation:conv_1')).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await store.appendItems('conversation:conv_2', [{ id: 'c' }])).toBe(false);
    expect(await store.listItems('conversation:conv_2')).toBeUndefined();
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(await store.delete('conversation:conv_1')).toBe(true);
    expect(await store.delete('conversation:conv_1')).toBe(false);
    expect(await store.get('conversation:conv_1')).toBeUndefined();
  });

  it('removes one item by id: false for an id it does not hold, undefined for a record that is gone', async () => {
    const store = new FileResponseStore(dirOf(), bounds({}));
    await store.put('conversation:c', { owner: 'o' });
    await store.appendItems('conversation:c', [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    expect(await store.deleteItem('conversation:c', 'b')).toBe(true);
    expect(await store.listItems('conversation:c')).toEqual([{ id: 'a' }, { id: 'c' }]);
    expect(await store.deleteItem('conversation:c', 'b')).toBe(false);
    expect(await store.get('conversation:c')).toEqual({ owner: 'o' });
    expect(await store.deleteItem('conversation:gone', 'a')).toBeUndefined();
  });

  it('keeps the items of one record bounded, the oldest dropped', async () => {
    const store = new FileResponseStore(dirOf(), bounds({ maxItems: 3 }));
    await store.put('conversation:c', {});
    await store.appendItems('conversation:c', [{ id: 1 }, { id: 2 }]);
    await store.appendItems('conversation:c', [{ id: 3 }, { id: 4 }]);
    expect(await store.listItems('conversation:c')).toEqual([{ id: 2 }, { id: 3 }, { id: 4 }]);
  });

  it('drops the records written longest ago past the count bound', async () => {
    const store = new FileResponseStore(dirOf(), bounds({ maxRecords: 3 }));
    for (const id of ['a', 'b', 'c', 'd']) await store.put(`response:${id}`, { id });
    await store.put('response:b', { id: 'b', again: true });
    await store.put('response:e', { id: 'e' });
    expect(await store.get('response:a')).toBeUndefined();
    expect(await store.get('response:c')).toBeUndefined();
    expect(await store.get('response:b')).toEqual({ id: 'b', again: true });
    expect(await store.get('response:e')).toEqual({ id: 'e' });
  });

  it('drops the oldest past the byte bound, and refuses one record past a quarter of it', async () => {
    const store = new FileResponseStore(dirOf(), bounds({ maxBytes: 4000 }));
    for (const id of ['a', 'b', 'c', 'd', 'e']) await store.put(`response:${id}`, { text: 'x'.repeat(900) });
    expect(await store.get('response:a')).toBeUndefined();
    expect(await store.get('response:e')).toBeDefined();
    await expect(store.put('response:big', { text: 'x'.repeat(1100) })).rejects.toBeInstanceOf(StoreRecordTooLargeError);
  });

  it('forgets a record past its age; a conversation written to lately stays', async () => {
    let now = 10_000;
    const store = new FileResponseStore(dirOf(), bounds({ maxAgeMs: 1000 }), () => now);
    await store.put('response:old', { id: 'old' });
    await store.put('conversation:kept', { id: 'kept' });
    now += 800;
    await store.appendItems('conversation:kept', [{ id: 'i' }]);
    now += 400;
    expect(await store.get('response:old')).toBeUndefined();
    expect(await store.get('conversation:kept')).toEqual({ id: 'kept' });
  });

  it('a directory it cannot write is the store not answering, naming it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'g4f-serve-store-')), 'a-file');
    writeFileSync(file, '');
    const store = new FileResponseStore(join(file, 'serve-store'));
    const error = await store.put('response:x', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).where).toBe(join(file, 'serve-store'));
    expect((error as Error).message).toBe(`the response store at ${join(file, 'serve-store')} is not answering`);
  });
});
