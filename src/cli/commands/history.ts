import { ConversationStore, type ConversationSummary } from '../../store/conversations/conversation-store.js';
import { parseAge, searchConversations } from '../../store/conversations/conversation-search.js';
import { UsageError } from '../../ground/errors.js';
import { conversationsDir } from '../../store/paths.js';
import { sanitizeForTerminal, sanitizeLabel } from '../../ground/terminal-safe-text.js';
import { colorsFor } from '../colors.js';
import { EXIT } from '../exit-codes.js';
import { formatTable } from '../table.js';
import { writePaged } from '../pager.js';
import { usableColumns } from '../../repl/render/display-width.js';
import { collapseAttachments, renderMarkdown } from '../../repl/render/render-transcript.js';
import { toolCallLines, toolLabel, toolResultPreview } from '../../repl/render/transcript-tools.js';
import { fencedBlock } from '../../input/fenced-block.js';
import { loadAppContext } from '../settings.js';
import { writeJson } from '../write-json.js';
import type { ImageFile } from '../../ground/types.js';
import type { ShowMode } from '../../images/show-image.js';
import { historyPictureMode, showStoredPicture, storedPictures } from '../history-pictures.js';

interface HistoryFlags {
  json?: boolean;
  /** --show: how pictures are drawn again (history show). */
  show?: ShowMode;
  yes?: boolean;
  limit?: number;
  format?: 'md' | 'json';
  olderThan?: string;
  all?: boolean;
}

async function store(): Promise<ConversationStore> {
  const app = await loadAppContext();
  return new ConversationStore(conversationsDir(app.paths));
}

/** A screenful on a terminal, 50 in a pipe; `-n 0` for all. */
function limitOf(flags: HistoryFlags): number {
  if (flags.limit !== undefined) return flags.limit === 0 ? Number.POSITIVE_INFINITY : flags.limit;
  return process.stdout.isTTY ? Math.max(5, (process.stdout.rows || 24) - 4) : 50;
}

/** `g4f-chat history [list]`: saved conversations, newest first. */
export async function listHistory(flags: HistoryFlags): Promise<number> {
  const all = await (await store()).list();
  const shown = all.slice(0, limitOf(flags));
  if (flags.json) {
    writeJson(shown, 2);
    return EXIT.ok;
  }
  if (all.length === 0) {
    process.stderr.write('no saved conversations yet\n');
    return EXIT.ok;
  }
  process.stdout.write(`${table(shown)}\n`);
  if (shown.length < all.length) process.stderr.write(`(${all.length - shown.length} older; -n 0 shows all)\n`);
  return EXIT.ok;
}

function table(conversations: readonly ConversationSummary[]): string {
  const c = colorsFor(process.stdout);
  const rows = conversations.map((conv) => [
    sanitizeLabel(conv.id),
    sanitizeLabel(conv.name ?? ''),
    sanitizeLabel(conv.updated.replace('T', ' ').slice(0, 16)),
    String(conv.messages),
    sanitizeLabel([conv.provider, conv.model].filter(Boolean).join('/')),
    sanitizeLabel(conv.title),
  ]);
  return formatTable([['id', 'name', 'updated', 'msgs', 'provider/model', 'title'], ...rows], (cell, _col, row) => (row === 0 ? c.bold(cell) : cell));
}

/** `g4f-chat history show <id|name>`: plain in a pipe, styled on a terminal. */
export async function showHistory(idOrName: string, flags: HistoryFlags): Promise<number> {
  const conversations = await store();
  const conversation = await conversations.load(await conversations.resolve(idOrName));
  if (flags.json) {
    writeJson(conversation, 2);
    return EXIT.ok;
  }
  const terminal = Boolean(process.stdout.isTTY);
  const c = colorsFor(process.stdout);
  const columns = usableColumns(process.stdout.columns);
  // On a terminal each message is styled as answers are, attachments shown by heading and size;
  // a tool's result is outside text, shown sanitised and by its first lines.
  const contents = await Promise.all(conversation.messages.map((m) => (!terminal ? m.content : m.role === 'tool' ? c.dim(toolResultPreview(m.content)) : renderMarkdown(collapseAttachments(m.content), c, columns))));
  const blocks = conversation.messages.map((m, i) => {
    const calls = toolCallLines(m).map((line) => (terminal ? c.dim(line) : line));
    const content = [contents[i].replace(/\n$/, ''), ...calls].filter(Boolean).join('\n');
    const images = m.imageCount ? c.dim(` (+${m.imageCount} image${m.imageCount === 1 ? '' : 's'}, not kept)`) : '';
    const label =
      m.role === 'user' ? c.bold.cyan('you') + images
      : m.role === 'assistant' ? c.bold.green(`assistant${m.model ? c.dim(` (${sanitizeLabel(`${m.provider}/${m.model}`)})`) : ''}`)
      : m.role === 'tool' ? c.bold.yellow(toolLabel(m))
      : c.bold.yellow('system');
    return `${label}\n${content}\n`;
  });
  const pictures = conversation.messages.map((m) => storedPictures(m));
  if (pictures.some((p) => p.length > 0)) return writeWithPictures(blocks, pictures, flags.show, c);
  if (terminal) await writePaged(blocks.join('\n'));
  else process.stdout.write(blocks.join('\n'));
  return EXIT.ok;
}

/**
 * A conversation with pictures: each message, then its pictures drawn again where the terminal
 * can (not through a pager, which would not pass them on), each with the line naming its file.
 */
async function writeWithPictures(blocks: readonly string[], pictures: readonly ImageFile[][], show: ShowMode | undefined, c: ReturnType<typeof colorsFor>): Promise<number> {
  const mode = await historyPictureMode(show);
  for (const [i, block] of blocks.entries()) {
    if (i > 0) process.stdout.write('\n');
    process.stdout.write(block.replace(/\n$/, ''));
    process.stdout.write('\n');
    for (const file of pictures[i]) process.stdout.write(`${c.dim(await showStoredPicture(file, mode, process.stdout))}\n`);
  }
  return EXIT.ok;
}

/** `g4f-chat history export <id|name> [--format md|json]`: the conversation as a document. */
export async function exportHistory(idOrName: string, flags: HistoryFlags): Promise<number> {
  const conversations = await store();
  const conversation = await conversations.load(await conversations.resolve(idOrName));
  if (flags.format === 'json') {
    writeJson({ id: conversation.id, name: conversation.name, messages: conversation.messages }, 2);
    return EXIT.ok;
  }
  const heading = conversation.meta?.title ?? conversation.name ?? conversation.id;
  const parts = [`# ${heading.replace(/\s+/g, ' ')}\n`];
  for (const m of conversation.messages) {
    if (m.role === 'tool') {
      // A result as it came back, in a fence it cannot close.
      const images = storedPictures(m).map((f) => `\n![image](<${f.path}>)\n`).join('');
      parts.push(`${fencedBlock(`Tool${m.toolName ? ` (${m.toolName})` : ''}`, m.content, '').replace(/^### /, '## ')}\n${images}`);
      continue;
    }
    const who = m.role === 'user' ? 'You' : m.role === 'assistant' ? `Assistant${m.model ? ` (${m.provider}/${m.model})` : ''}` : 'System';
    const calls = toolCallLines(m).map((line) => `- ${line}`);
    const images = storedPictures(m).map((f) => `![image](<${f.path}>)`);
    parts.push(`## ${who}\n\n${[m.content, calls.join('\n'), images.join('\n')].filter(Boolean).join('\n\n')}\n`);
  }
  const text = parts.join('\n');
  process.stdout.write(process.stdout.isTTY ? sanitizeForTerminal(text) : text);
  return EXIT.ok;
}

/** `g4f-chat history last`: the last answer of the latest conversation, raw, for pipes. */
export async function lastAnswer(): Promise<number> {
  const conversations = await store();
  const latest = await conversations.latest();
  const answer = latest ? (await conversations.load(latest)).messages.findLast((m) => m.role === 'assistant') : undefined;
  if (!answer) {
    process.stderr.write('no saved answer yet\n');
    return EXIT.failed;
  }
  const text = answer.content.endsWith('\n') ? answer.content : `${answer.content}\n`;
  process.stdout.write(process.stdout.isTTY ? sanitizeForTerminal(text) : text);
  return EXIT.ok;
}

/** `g4f-chat history search TEXT`: conversations holding it, with snippets. */
export async function searchHistory(text: string, flags: HistoryFlags): Promise<number> {
  if (!text.trim()) throw new UsageError('search for something: g4f-chat history search "text"');
  const conversations = await store();
  const hits = await searchConversations(await conversations.list(), (id) => conversations.file(id), text, limitOf(flags));
  if (flags.json) {
    writeJson(hits, 2);
    return EXIT.ok;
  }
  if (hits.length === 0) {
    process.stderr.write(`nothing found for "${sanitizeLabel(text)}"\n`);
    return EXIT.failed;
  }
  const c = colorsFor(process.stdout);
  for (const hit of hits) {
    const conv = hit.conversation;
    process.stdout.write(`${c.bold(sanitizeLabel(conv.name ?? conv.id))}  ${c.dim(sanitizeLabel(conv.updated.slice(0, 16).replace('T', ' ')))}  ${sanitizeLabel(conv.title)}\n`);
    for (const snippet of hit.snippets) process.stdout.write(`  ${sanitizeLabel(snippet)}\n`);
  }
  return EXIT.ok;
}

/** `g4f-chat history rm <id|name> | --older-than 30d | --all`: asks first on a terminal; `--yes` for scripts. */
export async function removeHistory(idOrName: string | undefined, flags: HistoryFlags): Promise<number> {
  const conversations = await store();
  let targets: string[];
  let what: string;
  if (flags.all || flags.olderThan) {
    if (idOrName) throw new UsageError('name a conversation, or use --older-than / --all, not both');
    let age = 0;
    try {
      age = flags.olderThan ? parseAge(flags.olderThan) : 0;
    } catch (error) {
      throw new UsageError(`bad --older-than "${flags.olderThan}": expected ${(error as Error).message}`);
    }
    const cutoff = new Date(Date.now() - age).toISOString();
    targets = (await conversations.list()).filter((c) => flags.all || c.updated < cutoff).map((c) => c.id);
    what = `${targets.length} conversation${targets.length === 1 ? '' : 's'}${flags.all ? '' : ` older than ${flags.olderThan}`}`;
    if (targets.length === 0) {
      process.stderr.write(`no conversations to remove\n`);
      return EXIT.ok;
    }
  } else {
    if (!idOrName) throw new UsageError('name the conversation to remove, or use --older-than 30d / --all');
    targets = [await conversations.resolve(idOrName)];
    what = `conversation ${sanitizeLabel(targets[0])}`;
  }
  if (!flags.yes) {
    if (!process.stdin.isTTY || !process.stderr.isTTY) throw new UsageError(`not removing ${what} without confirmation`, 'add --yes to remove without asking');
    const { confirm } = await import('@inquirer/prompts');
    const sure = await confirm({ message: `Remove ${what}?`, default: false }, { output: process.stderr }).catch(() => false);
    if (!sure) {
      process.stderr.write('kept\n');
      return EXIT.ok;
    }
  }
  for (const id of targets) await conversations.remove(id);
  process.stderr.write(`removed ${what}\n`);
  return EXIT.ok;
}
