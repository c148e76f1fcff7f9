import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from '../file-lock.js';
import { ensurePrivateDir, writePrivateFileAtomic } from '../private-files.js';
import { DEFAULT_BOUNDS, StoreRecordTooLargeError, StoreUnavailableError, type ResponseStore, type StoreBounds, type StoredJson } from './response-store.js';

/** One record on disk: when it was last written, its value, its items. */
interface RecordFile {
  savedAt: number;
  value: StoredJson;
  items: StoredJson[];
}

/**
 * The embedded store: one file per record in a directory of the state directory, written
 * atomically (temporary file, fsync, rename) with owner-only permissions, changed under a file
 * lock (several serve processes may share the directory). Bounded by count, bytes and age: the
 * records written longest ago are removed first. The sizes are learnt once from the directory,
 * then kept up to date by this process's own writes.
 */
export class FileResponseStore implements ResponseStore {
  readonly shared = false;
  /** File name → its bytes and when it was written, in the order written (oldest first). */
  private index?: Map<string, { size: number; at: number }>;
  private bytes = 0;

  constructor(
    private readonly dir: string,
    private readonly bounds: StoreBounds = DEFAULT_BOUNDS,
    private readonly now: () => number = Date.now,
  ) {}

  get where(): string {
    return this.dir;
  }

  async get(key: string): Promise<StoredJson | undefined> {
    return (await this.guarded(() => this.read(key)))?.value;
  }

  async put(key: string, value: StoredJson): Promise<void> {
    await this.guarded(() => this.update(key, (old) => ({ savedAt: this.now(), value, items: old?.items ?? [] })));
  }

  async delete(key: string): Promise<boolean> {
    return this.guarded(async () => {
      const existed = (await this.read(key)) !== undefined;
      await rm(this.path(key), { force: true });
      this.forget(this.fileOf(key));
      return existed;
    });
  }

  async appendItems(key: string, items: readonly StoredJson[]): Promise<boolean> {
    return this.guarded(async () => {
      let found = false;
      await this.update(key, (old) => {
        if (!old) return undefined;
        found = true;
        return { savedAt: this.now(), value: old.value, items: [...old.items, ...items].slice(-this.bounds.maxItems) };
      });
      return found;
    });
  }

  async listItems(key: string): Promise<StoredJson[] | undefined> {
    return (await this.guarded(() => this.read(key)))?.items;
  }

  async deleteItem(key: string, id: string): Promise<boolean | undefined> {
    return this.guarded(async () => {
      let found: boolean | undefined;
      await this.update(key, (old) => {
        if (!old) return undefined;
        const items = old.items.filter((item) => item.id !== id);
        found = items.length < old.items.length;
        return found ? { savedAt: this.now(), value: old.value, items } : undefined;
      });
      return found;
    });
  }

  async close(): Promise<void> {}

  /** A failing disk is the store not answering: said so, never a crash. */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StoreRecordTooLargeError) throw error;
      throw new StoreUnavailableError(this.dir, error);
    }
  }

  private fileOf(key: string): string {
    const match = /^([a-z]+):([A-Za-z0-9_-]{1,128})$/.exec(key);
    if (!match) throw new TypeError(`not a store key: ${key}`);
    return `${match[1]}.${match[2]}.json`;
  }

  private path(key: string): string {
    return join(this.dir, this.fileOf(key));
  }

  /** The record, or undefined when there is none or it is past its age (then removed). */
  private async read(key: string): Promise<RecordFile | undefined> {
    const text = await readFile(this.path(key), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return undefined;
    const record = JSON.parse(text) as RecordFile;
    if (this.now() - record.savedAt <= this.bounds.maxAgeMs) return record;
    await rm(this.path(key), { force: true });
    this.forget(this.fileOf(key));
    return undefined;
  }

  /** Read, change and write one record under its lock; `change` returning undefined writes nothing. */
  private async update(key: string, change: (old: RecordFile | undefined) => RecordFile | undefined): Promise<void> {
    await this.loadIndex();
    const path = this.path(key);
    await withFileLock(path, async () => {
      const next = change(await this.read(key));
      if (!next) return;
      const text = JSON.stringify(next);
      const size = Buffer.byteLength(text);
      const limit = Math.floor(this.bounds.maxBytes / 4);
      if (size > limit) throw new StoreRecordTooLargeError(size, limit);
      await writePrivateFileAtomic(path, text);
      this.forget(this.fileOf(key));
      this.index!.set(this.fileOf(key), { size, at: next.savedAt });
      this.bytes += size;
    });
    await this.prune();
  }

  /** The records already in the directory, oldest first (once per process). */
  private async loadIndex(): Promise<void> {
    if (this.index) return;
    await ensurePrivateDir(this.dir);
    const found: Array<{ name: string; size: number; mtime: number }> = [];
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.json')) continue;
      const info = await stat(join(this.dir, name)).catch(() => undefined);
      if (info) found.push({ name, size: info.size, mtime: info.mtimeMs });
    }
    found.sort((a, b) => a.mtime - b.mtime);
    this.index ??= new Map();
    for (const file of found) {
      this.index.set(file.name, { size: file.size, at: file.mtime });
      this.bytes += file.size;
    }
  }

  /** Removes the records written longest ago until the count, the bytes and the age are within bounds. */
  private async prune(): Promise<void> {
    const index = this.index!;
    const tooOld = () => this.now() - index.values().next().value!.at > this.bounds.maxAgeMs;
    while (index.size > this.bounds.maxRecords || this.bytes > this.bounds.maxBytes || (index.size > 0 && tooOld())) {
      const oldest = index.keys().next().value as string;
      await rm(join(this.dir, oldest), { force: true });
      this.forget(oldest);
    }
  }

  private forget(name: string): void {
    const entry = this.index?.get(name);
    if (!entry) return;
    this.index!.delete(name);
    this.bytes -= entry.size;
  }
}
