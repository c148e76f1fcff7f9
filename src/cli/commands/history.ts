import { ConversationStore } from '../../core/conversation-store.js';
import { conversationsDir } from '../../core/paths.js';
import { UsageError } from '../../core/errors.js';
import { sanitizeForTerminal, sanitizeLabel } from '../../repl/render/sanitize.js';
import { colorsFor } from '../colors.js';
import { EXIT } from '../exit-codes.js';
import { formatTable } from '../table.js';
import { loadAppContext } from '../settings.js';
import { writeJson } from '../write-json.js';

interface HistoryFlags {
  json?: boolean;
  yes?: boolean;
}

async function store(): Promise<ConversationStore> {
  const app = await loadAppContext();
  return new ConversationStore(conversationsDir(app.paths));
}

/** `g4f-chat history`: saved conversations, newest first. */
export async function listHistory(flags: HistoryFlags): Promise<number> {
  const all = await (await store()).list();
  if (flags.json) {
    writeJson(all, 2);
    return EXIT.ok;
  }
  if (all.length === 0) {
    process.stderr.write('no saved conversations yet\n');
    return EXIT.ok;
  }
  const c = colorsFor(process.stdout);
  const rows = all.map((conv) => [
    sanitizeLabel(conv.id),
    sanitizeLabel(conv.name ?? ''),
    sanitizeLabel(conv.updated.replace('T', ' ').slice(0, 16)),
    String(conv.messages),
    sanitizeLabel([conv.provider, conv.model].filter(Boolean).join('/')),
    sanitizeLabel(conv.title),
  ]);
  const table = formatTable([['id', 'name', 'updated', 'msgs', 'provider/model', 'title'], ...rows], (cell, _col, row) => (row === 0 ? c.bold(cell) : cell));
  process.stdout.write(`${table}\n`);
  return EXIT.ok;
}

/** `g4f-chat history show <id|name>`: plain in a pipe, styled on a terminal. */
export async function showHistory(idOrName: string, flags: HistoryFlags): Promise<number> {
  const conversations = await store();
  const id = await conversations.resolve(idOrName);
  const conversation = await conversations.load(id);
  if (flags.json) {
    writeJson(conversation, 2);
    return EXIT.ok;
  }
  const terminal = Boolean(process.stdout.isTTY);
  const c = colorsFor(process.stdout);
  const blocks = conversation.messages.map((m) => {
    const content = terminal ? sanitizeForTerminal(m.content) : m.content;
    const label = m.role === 'user' ? c.bold.cyan('you') : m.role === 'assistant' ? c.bold.green(`assistant${m.model ? c.dim(` (${sanitizeLabel(`${m.provider}/${m.model}`)})`) : ''}`) : c.bold.yellow('system');
    return `${label}\n${content}\n`;
  });
  process.stdout.write(blocks.join('\n'));
  return EXIT.ok;
}

/** `g4f-chat history rm <id|name>`: asks first on a terminal; `--yes` for scripts. */
export async function removeHistory(idOrName: string, flags: HistoryFlags): Promise<number> {
  const conversations = await store();
  const id = await conversations.resolve(idOrName);
  if (!flags.yes) {
    if (!process.stdin.isTTY || !process.stderr.isTTY) throw new UsageError(`not removing ${id} without confirmation`, 'add --yes to remove without asking');
    const { confirm } = await import('@inquirer/prompts');
    const sure = await confirm({ message: `Remove conversation ${id}?`, default: false }, { output: process.stderr }).catch(() => false);
    if (!sure) {
      process.stderr.write('kept\n');
      return EXIT.ok;
    }
  }
  await conversations.remove(id);
  process.stderr.write(`removed ${id}\n`);
  return EXIT.ok;
}
