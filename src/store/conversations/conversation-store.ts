import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { appendOnce, checkOwnFile, readEnds, readLines } from './conversation-files.js';
import { listWithIndex } from './conversation-index.js';
import { summarize } from './conversation-summary.js';
import { idForName } from './conversation-names.js';
import { UsageError } from '../../ground/errors.js';
import { isoTime } from '../../ground/iso-time.js';
import { ensurePrivateDir, writePrivateFileAtomic } from '../private-files.js';
import { withFileLock } from '../file-lock.js';
import type { ConversationRecord, ConversationSummary, MetaLine, StoredMessage } from './conversation-types.js';

export type { ConversationRecord, ConversationSummary, MetaLine, StoredMessage } from './conversation-types.js';
import type { Message, Usage } from '../../ground/types.js';

export interface LoadedConversation {
  id: string;
  name?: string;
  /** The first meta line as stored (name, created, title), kept through rewrites. */
  meta?: MetaLine;
  messages: StoredMessage[];
  /** Lines that could not be read (a torn last line after a crash); they are skipped. */
  skippedLines: number;
}

/**
 * Conversations as append-only JSON Lines, one file each, one message per line. An
 * exchange is appended in a single write, so concurrent writers never interleave, and
 * a line torn by a crash is skipped on load without losing anything before it.
 */
export class ConversationStore {
  constructor(private readonly dir: string) {}

  /** The file of a conversation (for readers that stream it). */
  file(id: string): string {
    return join(this.dir, `${id}.jsonl`);
  }

  static newId(now = Date.now()): string {
    const stamp = isoTime(now).replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    // Four hex digits tell apart conversations begun in the same second; they guard nothing,
    // so Math.random serves, and every answer is spared loading node:crypto (about 4 ms).
    const suffix = Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0');
    return `${stamp}-${suffix}`;
  }

  /** The id a name maps to: distinct names, distinct files (see conversation-names.ts). */
  static idForName(name: string): string {
    return idForName(name);
  }

  async exists(id: string): Promise<boolean> {
    return checkOwnFile(this.file(id));
  }

  /** Streams the file: a conversation of any size loads, line by line. */
  async load(id: string): Promise<LoadedConversation> {
    await checkOwnFile(this.file(id));
    const messages: StoredMessage[] = [];
    let name: string | undefined;
    let meta: MetaLine | undefined;
    let skippedLines = 0;
    for await (const line of readLines(this.file(id))) {
      if (line === undefined) {
        skippedLines += 1;
        continue;
      }
      if (!line.trim()) continue;
      let record: Partial<StoredMessage & MetaLine>;
      try {
        record = JSON.parse(line) as Partial<StoredMessage & MetaLine>;
      } catch {
        skippedLines += 1;
        continue;
      }
      if (record.type === 'meta') {
        name = record.name ?? name;
        meta ??= record as MetaLine;
      }
      else if ((record.role === 'user' || record.role === 'assistant' || record.role === 'system' || (record.role === 'tool' && typeof record.toolCallId === 'string')) && typeof record.content === 'string') {
        messages.push(record as StoredMessage);
      } else skippedLines += 1;
    }
    return { id, name, meta, messages, skippedLines };
  }

  /** Appends lines with one write; a torn last line is first closed so it cannot swallow them. */
  async append(id: string, records: readonly ConversationRecord[]): Promise<void> {
    await ensurePrivateDir(this.dir);
    const path = this.file(id);
    const exists = await checkOwnFile(path);
    const end = exists ? await readEnds(path, 1) : undefined;
    const prefix = !end || end.size === 0 || end.tail === '\n' ? '' : '\n';
    await appendOnce(path, prefix + records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  /**
   * Replaces a conversation with these records: written to a temporary file, flushed, and
   * renamed over the old one under the same lock appends take, so a kill at any moment
   * leaves the old conversation or the new one, never a torn or missing file.
   */
  async rewrite(id: string, records: readonly ConversationRecord[]): Promise<void> {
    await ensurePrivateDir(this.dir);
    const path = this.file(id);
    await checkOwnFile(path);
    await withFileLock(path, () => writePrivateFileAtomic(path, records.map((r) => `${JSON.stringify(r)}\n`).join('')));
  }

  async create(id: string, name?: string): Promise<void> {
    await this.append(id, [{ type: 'meta', name, created: isoTime() }]);
  }

  /**
   * Every conversation, newest first. Summaries come from a small index beside the files,
   * reused while a file's size and time are unchanged; a changed or new file is summarised
   * from its first and last 64 KB, never read whole. Missing or stale, the index is rebuilt.
   */
  async list(): Promise<ConversationSummary[]> {
    return listWithIndex(this.dir, (id) => summarize(this.file(id), id));
  }

  /**
   * An id, a name, or a unique id prefix of at least 6 characters → the conversation's id.
   * `listHint`: where the user sees the list, when not the history command (cli/ words that one).
   */
  async resolve(idOrName: string, listHint?: string): Promise<string> {
    const notFound = (message: string) => (listHint ? new UsageError(message, listHint) : Object.assign(new UsageError(message), { remedy: { type: 'list-conversations' } as const }));
    if (!idOrName.trim()) throw notFound('name a conversation: its id or name');
    const all = await this.list();
    const exact = all.find((c) => c.id === idOrName || c.name === idOrName);
    if (exact) return exact.id;
    if ([...idOrName].length < MIN_PREFIX) throw notFound(`no conversation "${idOrName}"; an id prefix needs at least ${MIN_PREFIX} characters`);
    const prefixed = all.filter((c) => c.id.startsWith(idOrName));
    if (prefixed.length === 1) return prefixed[0].id;
    if (prefixed.length > 1) throw new UsageError(`"${idOrName}" matches ${prefixed.length} conversations; give more of the id`);
    throw notFound(`no conversation "${idOrName}"`);
  }

  /** The conversation written to last, found from file times alone (nothing is read). */
  async latest(): Promise<string | undefined> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.jsonl'));
    } catch {
      return undefined;
    }
    const times = await Promise.all(names.map(async (n) => ({ id: n.slice(0, -'.jsonl'.length), mtime: (await stat(join(this.dir, n))).mtimeMs })));
    return times.sort((a, b) => b.mtime - a.mtime)[0]?.id;
  }

  /** Removes any file, however large: nothing is read. A link is removed, never its target. */
  async remove(id: string): Promise<void> {
    await rm(this.file(id));
  }
}

/** Ids are matched by prefix only from this length: `history rm 2 --yes` must not guess. */
const MIN_PREFIX = 6;
