import { checkOwnFile, countLines, readEnds } from './conversation-files.js';
import type { ConversationSummary, MetaLine, StoredMessage } from './conversation-types.js';

const ENDS_BYTES = 64 * 1024;

type ParsedRecord = (StoredMessage & { type?: undefined }) | (MetaLine & { role?: undefined });

/**
 * One conversation's summary from its first and last 64 KB: the meta line and first
 * question from the head, the last answer from the tail. A file larger than both ends has
 * its messages counted from its newlines, streamed.
 */
export async function summarize(path: string, id: string): Promise<ConversationSummary> {
  await checkOwnFile(path);
  const ends = await readEnds(path, ENDS_BYTES);
  const whole = ends.size <= ENDS_BYTES;
  const first = parseRecords(ends.head.split('\n').slice(0, whole ? undefined : -1));
  const last = whole ? first : parseRecords(ends.tail.split('\n').slice(1));
  const meta = first.find((r) => r.type === 'meta') as MetaLine | undefined;
  const messages = last.filter((r): r is StoredMessage & { type?: undefined } => r.type !== 'meta');
  const question = first.find((r) => r.type !== 'meta' && r.role === 'user') as StoredMessage | undefined;
  const lastAnswer = messages.findLast((m) => m.role === 'assistant');
  const count = whole ? first.filter((r) => r.type !== 'meta' && r.role !== 'system').length : await countLines(path);
  return {
    id,
    name: meta?.name,
    title: oneLine(meta?.title ?? question?.content ?? '(empty)', 60),
    updated: messages.at(-1)?.time ?? ends.mtime.toISOString(),
    messages: count,
    provider: lastAnswer?.provider,
    model: lastAnswer?.model,
  };
}

function parseRecords(lines: readonly string[]): ParsedRecord[] {
  const records: ParsedRecord[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as Partial<StoredMessage & MetaLine>;
      if (record.type === 'meta' || ((record.role === 'user' || record.role === 'assistant' || record.role === 'system') && typeof record.content === 'string')) {
        records.push(record as ParsedRecord);
      }
    } catch {
      // a torn line: not part of the summary
    }
  }
  return records;
}

export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
