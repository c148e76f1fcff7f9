import { ConversationStore, type ConversationRecord, type MetaLine, type StoredMessage } from '../store/conversations/conversation-store.js';
import { toG4fError } from '../ground/errors.js';
import { conversationsDir } from '../store/paths.js';
import type { Message } from '../ground/types.js';
import type { ChatSession, Exchange, TurnSettings } from '../repl/chat-session.js';
import { sanitizeLabel } from '../ground/terminal-safe-text.js';
import type { ConversationCommands } from '../repl/slash-commands.js';
import { printWarning } from './messages.js';
import type { AppContext, ChatFlags, Settings } from './settings.js';

export interface OpenConversation {
  readonly id: string;
  /** The stored turns; a stored system prompt applies unless one was given now. */
  restore(turn: { system?: string }): Message[];
  /** Saves one exchange; a failure is a warning, never a lost answer. */
  append(exchange: Exchange, system?: string): Promise<void>;
  commands(session: ChatSession): ConversationCommands;
  /** The title a new conversation is listed under (the question, not piped text). */
  setTitle(title: string): void;
}

/**
 * The conversation this run writes to: `--session NAME`, `-c` (the most recent one), or
 * a new one created with its first exchange. Undefined when history is off.
 * The file is always the conversation on screen: /clear starts a new file, /undo and
 * /retry rewrite it (atomically), so `-c`, /load and `history show` replay what was seen.
 */
export async function openConversation(flags: ChatFlags, settings: Settings, app: AppContext): Promise<OpenConversation | undefined> {
  const store = new ConversationStore(conversationsDir(app.paths));
  let id = ConversationStore.newId();
  let meta: MetaLine | undefined;
  let name: string | undefined;
  /** What the file holds, system message included; empty until the first exchange is saved. */
  let saved: StoredMessage[] = [];
  let title: string | undefined;
  /** Set by /retry: the next exchange replaces the last one instead of following it. */
  let replaceLast = false;
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
    saved = loaded.messages;
    meta = loaded.meta ?? { type: 'meta', name: loaded.name, created: new Date().toISOString() };
  }
  if (!settings.history && saved.length === 0) return undefined;

  const isNew = () => meta === undefined;
  const recordsOf = (messages: readonly StoredMessage[]): ConversationRecord[] => [meta!, ...messages];

  /** Replaces the file with `messages` (atomic), or warns: nothing on screen is lost either way. */
  async function rewrite(messages: StoredMessage[], what: string): Promise<void> {
    try {
      await store.rewrite(id, recordsOf(messages));
      saved = messages;
    } catch (error) {
      printWarning(`${what} was not saved: ${toG4fError(error).message}`);
    }
  }

  const conversation: OpenConversation = {
    get id() {
      return id;
    },
    restore(turn) {
      const storedSystem = saved.findLast((m) => m.role === 'system');
      if (!turn.system && storedSystem) turn.system = storedSystem.content;
      // Tool calls and results come back as they were, so any provider replays them in its own shape.
      return saved.filter((m) => m.role !== 'system').map(({ role, content, toolCalls, reasoning, toolCallId, toolName }) => ({ role, content, ...(toolCalls ? { toolCalls, ...(reasoning ? { reasoning } : {}) } : {}), ...(toolCallId ? { toolCallId } : {}), ...(toolName ? { toolName } : {}) }));
    },
    async append(exchange, system) {
      if (!settings.history) return;
      const time = new Date().toISOString();
      const next: StoredMessage[] = [];
      if (system && !saved.some((m) => m.role === 'system')) next.push({ role: 'system', content: system, time });
      next.push(storable(exchange.user, time));
      for (const turn of exchange.toolTurns ?? []) next.push(storable(turn, time));
      next.push({ ...exchange.assistant, time, provider: exchange.provider, model: exchange.model, usage: exchange.usage });
      if (replaceLast && !isNew()) {
        replaceLast = false;
        return rewrite([...withoutLastExchange(saved), ...next], 'the new answer');
      }
      replaceLast = false;
      const firstMeta: MetaLine | undefined = isNew() ? { type: 'meta', name, created: time, ...(title ? { title: title.slice(0, 200) } : {}) } : undefined;
      try {
        await store.append(id, firstMeta ? [firstMeta, ...next] : next);
        meta ??= firstMeta;
        saved = [...saved, ...next];
      } catch (error) {
        printWarning(`the answer was not saved: ${toG4fError(error).message}`);
      }
    },
    setTitle(text) {
      title = text;
    },
    commands(session) {
      return {
        async save(newName) {
          const newId = ConversationStore.idForName(newName);
          if (await store.exists(newId)) return `a conversation named "${sanitizeLabel(newName)}" exists; /load it or pick another name`;
          const time = new Date().toISOString();
          const system = session.settings.system;
          const messages: StoredMessage[] = [...(system ? [{ role: 'system' as const, content: system, time }] : []), ...session.messages.map((m) => storable(m, time))];
          const newMeta: MetaLine = { type: 'meta', name: newName, created: time };
          await store.append(newId, [newMeta, ...messages]);
          id = newId;
          name = newName;
          meta = newMeta;
          saved = messages;
          return `saved as "${sanitizeLabel(newName)}"; new messages go there`;
        },
        async load(idOrName) {
          // In the chat, the list is a slash command away.
          const found = await store.resolve(idOrName, '/sessions lists them');
          const loaded = await store.load(found);
          id = found;
          name = loaded.name;
          meta = loaded.meta ?? { type: 'meta', name: loaded.name, created: new Date().toISOString() };
          saved = loaded.messages;
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
        async startNew() {
          const previous = isNew() ? undefined : id;
          id = ConversationStore.newId();
          name = undefined;
          meta = undefined;
          saved = [];
          replaceLast = false;
          return previous ? `new conversation; the previous one stays in history (${previous})` : 'new conversation';
        },
        async dropLast() {
          if (!isNew()) await rewrite(withoutLastExchange(saved), 'the undo');
        },
        replaceLastOnNextSave(on) {
          replaceLast = on && !isNew();
        },
      };
    },
  };
  return conversation;
}

/** The saved messages without the last question and its answer (a system message stays). */
function withoutLastExchange(messages: readonly StoredMessage[]): StoredMessage[] {
  const lastUser = messages.findLastIndex((m) => m.role === 'user');
  return lastUser === -1 ? [...messages] : messages.slice(0, lastUser);
}

/** A message as history keeps it: images are not stored (their bytes would swell it), their number is. */
function storable(message: Message, time: string): StoredMessage {
  const { images, ...rest } = message;
  return { ...rest, ...(images?.length ? { imageCount: images.length } : {}), time };
}
