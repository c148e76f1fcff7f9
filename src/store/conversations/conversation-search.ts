import { readLines } from './conversation-files.js';
import type { ConversationSummary, StoredMessage } from './conversation-store.js';

export interface SearchHit {
  conversation: ConversationSummary;
  /** Up to three pieces of text around the matches, on one line each. */
  snippets: string[];
}

const SNIPPETS_PER_CONVERSATION = 3;
const CONTEXT_CHARS = 40;
const AT_ONCE = 64;

/**
 * Conversations whose messages contain `text` (case-insensitive), newest first, at most
 * `limit`. Files are streamed line by line, a few at a time, and reading stops once enough
 * conversations matched.
 */
export async function searchConversations(
  summaries: readonly ConversationSummary[],
  fileOf: (id: string) => string,
  text: string,
  limit: number,
): Promise<SearchHit[]> {
  const needle = text.toLowerCase();
  const hits: SearchHit[] = [];
  for (let start = 0; start < summaries.length && hits.length < limit; start += AT_ONCE) {
    const batch = summaries.slice(start, start + AT_ONCE);
    const found = await Promise.all(batch.map((conversation) => snippetsIn(fileOf(conversation.id), needle).then((snippets) => ({ conversation, snippets }), () => ({ conversation, snippets: [] }))));
    for (const hit of found) if (hit.snippets.length > 0 && hits.length < limit) hits.push(hit);
  }
  return hits;
}

async function snippetsIn(path: string, needle: string): Promise<string[]> {
  const snippets: string[] = [];
  for await (const line of readLines(path)) {
    if (!line || !line.toLowerCase().includes(needle)) continue;
    let message: Partial<StoredMessage>;
    try {
      message = JSON.parse(line) as Partial<StoredMessage>;
    } catch {
      continue;
    }
    if (typeof message.content !== 'string') continue;
    const lower = message.content.toLowerCase();
    for (let at = lower.indexOf(needle); at !== -1 && snippets.length < SNIPPETS_PER_CONVERSATION; at = lower.indexOf(needle, at + needle.length)) {
      const from = Math.max(0, at - CONTEXT_CHARS);
      const to = Math.min(message.content.length, at + needle.length + CONTEXT_CHARS);
      snippets.push(`${from > 0 ? '…' : ''}${message.content.slice(from, to).replace(/\s+/g, ' ')}${to < message.content.length ? '…' : ''}`);
    }
    if (snippets.length >= SNIPPETS_PER_CONVERSATION) break;
  }
  return snippets;
}

/** `30d`, `12h`, `2w` → milliseconds. */
export function parseAge(raw: string): number {
  const match = /^\s*(\d+)\s*(h|d|w)\s*$/i.exec(raw);
  if (!match) throw new Error('an age such as 12h, 30d or 2w');
  const unit = { h: 3600, d: 86_400, w: 7 * 86_400 }[match[2].toLowerCase() as 'h' | 'd' | 'w'];
  return Number(match[1]) * unit * 1000;
}
