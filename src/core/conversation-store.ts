import { randomBytes } from 'node:crypto';
import { appendFile, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './errors.js';
import { ensurePrivateDir } from './private-files.js';
import type { Message, Usage } from './types.js';

export interface StoredMessage extends Message {
  time: string;
  provider?: string;
  model?: string;
  usage?: Usage;
}

interface MetaLine {
  type: 'meta';
  name?: string;
  created: string;
}

/** One line of a conversation file. */
export type ConversationRecord = StoredMessage | MetaLine;

export interface ConversationSummary {
  id: string;
  name?: string;
  title: string;
  updated: string;
  messages: number;
  provider?: string;
  model?: string;
}

export interface LoadedConversation {
  id: string;
  name?: string;
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

  private file(id: string): string {
    return join(this.dir, `${id}.jsonl`);
  }

  static newId(now = new Date()): string {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    return `${stamp}-${randomBytes(2).toString('hex')}`;
  }

  /** The id a name maps to: named conversations live under their own slug. */
  static idForName(name: string): string {
    const slug = name.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
    if (!slug) throw new UsageError(`"${name}" is not a usable conversation name: use letters, digits, dots, dashes`);
    return slug;
  }

  async exists(id: string): Promise<boolean> {
    return stat(this.file(id)).then(
      () => true,
      () => false,
    );
  }

  async load(id: string): Promise<LoadedConversation> {
    const raw = await readFile(this.file(id), 'utf8');
    const messages: StoredMessage[] = [];
    let name: string | undefined;
    let skippedLines = 0;
    for (const line of raw.split('\n')) {
      if (!line.trim()) continue;
      let record: Partial<StoredMessage & MetaLine>;
      try {
        record = JSON.parse(line) as Partial<StoredMessage & MetaLine>;
      } catch {
        skippedLines += 1;
        continue;
      }
      if (record.type === 'meta') name = record.name ?? name;
      else if ((record.role === 'user' || record.role === 'assistant' || record.role === 'system') && typeof record.content === 'string') {
        messages.push(record as StoredMessage);
      } else skippedLines += 1;
    }
    return { id, name, messages, skippedLines };
  }

  /** Appends lines with one write; a torn last line is first closed so it cannot swallow them. */
  async append(id: string, records: readonly ConversationRecord[]): Promise<void> {
    await ensurePrivateDir(this.dir);
    const path = this.file(id);
    const prefix = (await endsWithNewline(path)) ? '' : '\n';
    await appendFile(path, prefix + records.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o600 });
  }

  async create(id: string, name?: string): Promise<void> {
    await this.append(id, [{ type: 'meta', name, created: new Date().toISOString() }]);
  }

  async list(): Promise<ConversationSummary[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.jsonl'));
    } catch {
      return [];
    }
    const summaries = await Promise.all(
      names.map(async (fileName) => {
        const id = fileName.slice(0, -'.jsonl'.length);
        const [conversation, info] = await Promise.all([this.load(id), stat(this.file(id))]);
        const last = conversation.messages.at(-1);
        const lastAnswer = conversation.messages.findLast((m) => m.role === 'assistant');
        const firstQuestion = conversation.messages.find((m) => m.role === 'user');
        return {
          id,
          name: conversation.name,
          title: oneLine(firstQuestion?.content ?? '(empty)', 60),
          updated: last?.time ?? info.mtime.toISOString(),
          messages: conversation.messages.filter((m) => m.role !== 'system').length,
          provider: lastAnswer?.provider,
          model: lastAnswer?.model,
        } satisfies ConversationSummary;
      }),
    );
    return summaries.sort((a, b) => b.updated.localeCompare(a.updated));
  }

  /** An id, a name, or a unique id prefix → the conversation's id. */
  async resolve(idOrName: string): Promise<string> {
    const all = await this.list();
    const exact = all.find((c) => c.id === idOrName || c.name === idOrName);
    if (exact) return exact.id;
    const prefixed = all.filter((c) => c.id.startsWith(idOrName));
    if (prefixed.length === 1) return prefixed[0].id;
    if (prefixed.length > 1) throw new UsageError(`"${idOrName}" matches ${prefixed.length} conversations; give more of the id`);
    throw new UsageError(`no conversation "${idOrName}"`, 'g4f-chat history lists them');
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

  async remove(id: string): Promise<void> {
    await rm(this.file(id));
  }
}

async function endsWithNewline(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return true;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, size - 1);
    return byte[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
