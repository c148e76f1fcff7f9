import { ConversationStore, type MetaLine, type StoredMessage } from '../store/conversations/conversation-store.js';
import { toG4fError } from '../ground/errors.js';
import { isoTime } from '../ground/iso-time.js';
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
  /** Saves messages that joined the conversation outside an exchange (an MCP prompt's). */
  appendMessages(messages: readonly Message[], system?: string): Promise<void>;
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
  const conversation = new ConversationFile(store, settings.history);
  if (flags.session) {
    conversation.name = flags.session;
    conversation.id = ConversationStore.idForName(flags.session);
  } else if (flags.continue) {
    const latest = await store.latest();
    if (latest) conversation.id = latest;
    else printWarning('no earlier conversation to continue; starting a new one');
  }
  if ((flags.session || flags.continue) && (await store.exists(conversation.id))) {
    const { skippedLines } = await conversation.load(conversation.id);
    if (skippedLines > 0) printWarning(`skipped ${skippedLines} unreadable line(s) in conversation ${conversation.id} (a write cut short, or a line too long to load); what those lines held is not in this conversation`);
  }
  if (!settings.history && conversation.saved.length === 0) return undefined;
  return conversation;
}

/** One conversation's file and what it holds, kept equal to what is on screen. */
class ConversationFile implements OpenConversation {
  id = ConversationStore.newId();
  name?: string;
  meta?: MetaLine;
  /** What the file holds, system message included; empty until the first exchange is saved. */
  saved: StoredMessage[] = [];
  private title?: string;
  /** Set by /retry: the next exchange replaces the last one instead of following it. */
  private replaceLast = false;

  constructor(
    private readonly store: ConversationStore,
    private readonly history: boolean,
  ) {}

  private isNew(): boolean {
    return this.meta === undefined;
  }

  /** Makes the stored conversation `id` the one written to. */
  async load(id: string): Promise<{ name?: string; skippedLines: number }> {
    const loaded = await this.store.load(id);
    this.id = id;
    this.name = loaded.name;
    this.meta = loaded.meta ?? { type: 'meta', name: loaded.name, created: isoTime() };
    this.saved = loaded.messages;
    return loaded;
  }

  restore(turn: { system?: string }): Message[] {
    const storedSystem = this.saved.findLast((m) => m.role === 'system');
    if (!turn.system && storedSystem) turn.system = storedSystem.content;
    // Tool calls and results come back as they were, so any provider replays them in its own shape.
    // Pictures stay named by file (for /save and history), never sent to a provider.
    return this.saved.filter((m) => m.role !== 'system').map(({ role, content, toolCalls, reasoning, toolCallId, toolName, imageFiles }) => ({ role, content, ...(toolCalls ? { toolCalls, ...(reasoning ? { reasoning } : {}) } : {}), ...(toolCallId ? { toolCallId } : {}), ...(toolName ? { toolName } : {}), ...(imageFiles ? { imageFiles } : {}) }));
  }

  async append(exchange: Exchange, system?: string): Promise<void> {
    if (!this.history) return;
    const time = isoTime();
    const next: StoredMessage[] = [];
    if (system && !this.saved.some((m) => m.role === 'system')) next.push({ role: 'system', content: system, time });
    next.push(storable(exchange.user, time));
    for (const turn of exchange.toolTurns ?? []) next.push(storable(turn, time));
    next.push({ ...exchange.assistant, time, provider: exchange.provider, model: exchange.model, usage: exchange.usage });
    const replace = this.replaceLast && !this.isNew();
    this.replaceLast = false;
    if (replace) return this.rewrite([...withoutLastExchange(this.saved), ...next], 'the new answer');
    await this.add(next, time, 'the answer was');
  }

  async appendMessages(messages: readonly Message[], system?: string): Promise<void> {
    if (!this.history || messages.length === 0) return;
    const time = isoTime();
    const next: StoredMessage[] = [];
    if (system && !this.saved.some((m) => m.role === 'system')) next.push({ role: 'system', content: system, time });
    next.push(...messages.map((message) => storable(message, time)));
    await this.add(next, time, 'the messages were');
  }

  /** Appends to the file (its meta line first when it is new), or warns: nothing on screen is lost either way. */
  private async add(next: StoredMessage[], time: string, what: string): Promise<void> {
    const firstMeta: MetaLine | undefined = this.isNew() ? { type: 'meta', name: this.name, created: time, ...(this.title ? { title: this.title.slice(0, 200) } : {}) } : undefined;
    try {
      await this.store.append(this.id, firstMeta ? [firstMeta, ...next] : next);
      this.meta ??= firstMeta;
      this.saved = [...this.saved, ...next];
    } catch (error) {
      printWarning(`${what} not saved: ${toG4fError(error).message}`);
    }
  }

  setTitle(title: string): void {
    this.title = title;
  }

  /** Replaces the file with `messages` (atomic), or warns: nothing on screen is lost either way. */
  private async rewrite(messages: StoredMessage[], what: string): Promise<void> {
    try {
      await this.store.rewrite(this.id, [this.meta!, ...messages]);
      this.saved = messages;
    } catch (error) {
      printWarning(`${what} was not saved: ${toG4fError(error).message}`);
    }
  }

  /** /save NAME: the conversation on screen under a name; new messages go there. */
  private async saveAs(newName: string, session: ChatSession): Promise<string> {
    const newId = ConversationStore.idForName(newName);
    if (await this.store.exists(newId)) return `a conversation named "${sanitizeLabel(newName)}" exists; /load it or pick another name`;
    const time = isoTime();
    const system = session.settings.system;
    const messages: StoredMessage[] = [...(system ? [{ role: 'system' as const, content: system, time }] : []), ...session.messages.map((m) => storable(m, time))];
    const newMeta: MetaLine = { type: 'meta', name: newName, created: time };
    await this.store.append(newId, [newMeta, ...messages]);
    this.id = newId;
    this.name = newName;
    this.meta = newMeta;
    this.saved = messages;
    return `saved as "${sanitizeLabel(newName)}"; new messages go there`;
  }

  commands(session: ChatSession): ConversationCommands {
    return {
      save: (newName) => this.saveAs(newName, session),
      load: async (idOrName) => {
        // In the chat, the list is a slash command away.
        const found = await this.store.resolve(idOrName, '/sessions lists them');
        const loaded = await this.load(found);
        session.messages = this.restore(session.settings as TurnSettings);
        return `loaded ${sanitizeLabel(loaded.name ? `"${loaded.name}"` : found)}: ${session.messages.length} messages`;
      },
      list: async () => {
        const all = await this.store.list();
        if (all.length === 0) return 'no saved conversations';
        return all
          .slice(0, 20)
          .map((c) => `${c.id === this.id ? '*' : ' '} ${sanitizeLabel(c.name ?? c.id)}  ${sanitizeLabel(c.title)}  (${c.messages} messages)`)
          .join('\n');
      },
      startNew: async () => {
        const previous = this.isNew() ? undefined : this.id;
        this.id = ConversationStore.newId();
        this.name = undefined;
        this.meta = undefined;
        this.saved = [];
        this.replaceLast = false;
        return previous ? `new conversation; the previous one stays in history (${previous})` : 'new conversation';
      },
      dropLast: async () => {
        if (!this.isNew()) await this.rewrite(withoutLastExchange(this.saved), 'the undo');
      },
      replaceLastOnNextSave: (on) => {
        this.replaceLast = on && !this.isNew();
      },
    };
  }
}

/** The saved messages without the last question and its answer (a system message stays). */
function withoutLastExchange(messages: readonly StoredMessage[]): StoredMessage[] {
  const lastUser = messages.findLastIndex((m) => m.role === 'user');
  return lastUser === -1 ? [...messages] : messages.slice(0, lastUser);
}

/**
 * A message as history keeps it: images sent with it are not stored (their bytes would swell
 * it), their number is; pictures kept as files (an answer's, a tool's) are named by path and hash.
 */
function storable(message: Message, time: string): StoredMessage {
  const { images, ...rest } = message;
  return { ...rest, ...(images?.length ? { imageCount: images.length } : {}), time };
}
