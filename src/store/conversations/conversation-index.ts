import { lstatSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ConversationSummary } from './conversation-types.js';
import { writePrivateFileAtomic } from '../private-files.js';

interface IndexEntry {
  size: number;
  mtimeMs: number;
  summary: ConversationSummary;
}

/** Beside the conversations folder, not in it: the folder holds conversations only. */
const indexFile = (dir: string) => join(dirname(dir), `${basename(dir)}.index.json`);
const VERSION = 1;

/**
 * The summaries of every conversation in `dir`, newest first. Each file is only stat'ed;
 * its summary comes from the index when its size and modification time are the ones
 * recorded, and is made afresh (and recorded) otherwise. The index is a cache: missing,
 * damaged or from another version, it is rebuilt; two processes writing it at once cost
 * at most a rebuild, never a wrong listing (each entry is checked against its file).
 */
export async function listWithIndex(dir: string, summarize: (id: string) => Promise<ConversationSummary>): Promise<ConversationSummary[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl'));
  } catch {
    return [];
  }
  const index = await loadIndex(dir);
  const present = new Set(names);
  let changed = Object.keys(index).some((id) => !present.has(`${id}.jsonl`));
  const fresh: Record<string, IndexEntry> = {};
  // Stat'ed one after another on this thread: ten thousand files take about a tenth of the
  // time of as many stats sent to the thread pool, and nothing else is waiting meanwhile.
  const summaries = await Promise.all(
    names.map((name) => {
      const id = name.slice(0, -'.jsonl'.length);
      let info: { size: number; mtimeMs: number };
      try {
        info = lstatSync(join(dir, name));
      } catch {
        // A file that vanished: not listed.
        return undefined;
      }
      const known = index[id];
      if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) {
        fresh[id] = known;
        return known.summary;
      }
      return summarize(id).then(
        (summary) => {
          fresh[id] = { size: info.size, mtimeMs: info.mtimeMs, summary };
          changed = true;
          return summary;
        },
        // One that is not ours to read: not listed.
        () => undefined,
      );
    }),
  );
  if (changed) await writePrivateFileAtomic(indexFile(dir), JSON.stringify({ version: VERSION, entries: fresh })).catch(() => undefined);
  // `updated` is an ISO 8601 time in UTC: its code points order it, which localeCompare (a
  // collation per comparison, a third of a 10,000-conversation listing) only repeats slowly.
  return summaries.filter((s): s is ConversationSummary => s !== undefined).sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : 0));
}

async function loadIndex(dir: string): Promise<Record<string, IndexEntry>> {
  try {
    const json = JSON.parse(await readFile(indexFile(dir), 'utf8')) as { version?: number; entries?: Record<string, IndexEntry> };
    return json.version === VERSION && json.entries && typeof json.entries === 'object' ? json.entries : {};
  } catch {
    return {};
  }
}
