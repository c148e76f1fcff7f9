import { appendFile, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensurePrivateDir, writePrivateFileAtomic } from '../store/private-files.js';

export const INPUT_HISTORY_LIMIT = 1000;

/**
 * The chat's input history, one JSON string per line (so multi-line entries survive),
 * oldest first, owner-only. Lines typed with a leading space are not kept.
 */
export class InputHistory {
  constructor(private readonly path: string) {}

  /** Newest first, as readline wants it. A file past the limit is trimmed here. */
  async load(): Promise<string[]> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch {
      return [];
    }
    const entries: string[] = [];
    for (const line of raw.split('\n')) {
      if (!line) continue;
      try {
        const value = JSON.parse(line) as unknown;
        if (typeof value === 'string') entries.push(value);
      } catch {
        // a torn line from a crash: skip it
      }
    }
    if (entries.length > INPUT_HISTORY_LIMIT) {
      entries.splice(0, entries.length - INPUT_HISTORY_LIMIT);
      await writePrivateFileAtomic(this.path, entries.map((e) => `${JSON.stringify(e)}\n`).join('')).catch(() => {});
    }
    return entries.reverse();
  }

  async add(entry: string): Promise<void> {
    if (!entry.trim() || entry.startsWith(' ')) return;
    try {
      await ensurePrivateDir(dirname(this.path));
      await appendFile(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    } catch {
      // History is a convenience: a read-only disk must not break the chat.
    }
  }
}
