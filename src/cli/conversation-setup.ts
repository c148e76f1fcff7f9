import { ConversationStore, type ConversationRecord, type StoredMessage } from '../core/conversation-store.js';
import { toG4fError } from '../core/errors.js';
import { conversationsDir } from '../core/paths.js';
import type { Message } from '../core/types.js';
import type { ChatSession, Exchange, TurnSettings } from '../repl/chat-session.js';
import type { ConversationCommands } from '../repl/slash-commands.js';
import { printWarning } from './messages.js';
import { sanitizeLabel } from '../repl/render/sanitize.js';
import type { AppContext, ChatFlags, Settings } from './settings.js';

export interface OpenConversation {
  readonly id: string;
  /** The stored turns; a stored system prompt applies unless one was given now. */
  restore(turn: { system?: string }): Message[];
  /** Saves one exchange; a failure is a warning, never a lost answer. */
  append(exchange: Exchange, system?: string): Promise<void>;
  commands(session: ChatSession): ConversationCommands;
}

/**
 * The conversation this run writes to: `--session NAME`, `-c` (the most recent one), or
 * a new one created with its first exchange. Undefined when history is off.
 */
export async function openConversation(flags: ChatFlags, settings: Settings, app: AppContext): Promise<OpenConversation | undefined> {
  const store = new ConversationStore(conversationsDir(app.paths));
  let id = ConversationStore.newId();
  let name: string | undefined;
  let isNew = true;
  let stored: StoredMessage[] = [];
  if (flags.session) {
    name = flags.session;
    id = ConversationStore.idForName(name);
  } else if (flags.continue) {
    const latest = await store.latest();
    if (latest) id = latest;
    else printWarning('no earlier conversation to continue; starting a new one');
  }
  if ((flags.session || flags.continue) && (await store.exists(id))) {
    const loaded = await store.load(id);
    if (loaded.skippedLines > 0) printWarning(`skipped ${loaded.skippedLines} unreadable line(s) in conversation ${id} (a write cut short, or a line too long to load); what those lines held is not in this conversation`);
    stored = loaded.messages;
    isNew = false;
  }
  if (!settings.history) {
    if (stored.length === 0) return undefined;
  }
  let systemSaved = stored.some((m) => m.role === 'system');

  const conversation: OpenConversation = {
    get id() {
      return id;
    },
    restore(turn) {
      const storedSystem = stored.findLast((m) => m.role === 'system');
      if (!turn.system && storedSystem) turn.system = storedSystem.content;
      return stored.filter((m) => m.role !== 'system').map(({ role, content }) => ({ role, content }));
    },
    async append(exchange, system) {
      if (!settings.history) return;
      const time = new Date().toISOString();
      const records: ConversationRecord[] = [];
      if (isNew) records.push({ type: 'meta', name, created: time });
      if (system && !systemSaved) records.push({ role: 'system', content: system, time });
      records.push({ ...exchange.user, time });
      records.push({ ...exchange.assistant, time, provider: exchange.provider, model: exchange.model, usage: exchange.usage });
      try {
        await store.append(id, records);
        isNew = false;
        if (system) systemSaved = true;
      } catch (error) {
        printWarning(`the answer was not saved: ${toG4fError(error).message}`);
      }
    },
    commands(session) {
      return {
        async save(newName) {
          const newId = ConversationStore.idForName(newName);
          if (await store.exists(newId)) return `a conversation named "${newName}" exists; /load it or pick another name`;
          const time = new Date().toISOString();
          const system = session.settings.system;
          await store.append(newId, [
            { type: 'meta', name: newName, created: time },
            ...(system ? [{ role: 'system' as const, content: system, time }] : []),
            ...session.messages.map((m) => ({ ...m, time })),
          ]);
          id = newId;
          name = newName;
          isNew = false;
          systemSaved = Boolean(system);
          return `saved as "${newName}"; new messages go there`;
        },
        async load(idOrName) {
          const found = await store.resolve(idOrName);
          const loaded = await store.load(found);
          id = found;
          name = loaded.name;
          isNew = false;
          stored = loaded.messages;
          systemSaved = stored.some((m) => m.role === 'system');
          session.messages = conversation.restore(session.settings as TurnSettings);
          return `loaded ${sanitizeLabel(loaded.name ? `"${loaded.name}"` : found)}: ${session.messages.length} messages`;
        },
        async list() {
          const all = await store.list();
          if (all.length === 0) return 'no saved conversations';
          return all
            .slice(0, 20)
            .map((c) => `${c.id === id ? '*' : ' '} ${sanitizeLabel(c.name ?? c.id)}  ${sanitizeLabel(c.title)}  (${c.messages} messages)`)
            .join('\n');
        },
      };
    },
  };
  return conversation;
}
