import type { ChatSession } from './chat-session.js';
import type { ReplIO } from './repl-io.js';

export interface SlashContext {
  session: ChatSession;
  io: ReplIO;
  /** Optional conversation commands, present when conversations are saved. */
  conversations?: ConversationCommands;
}

export interface ConversationCommands {
  save(name: string): Promise<string>;
  load(name: string): Promise<string>;
  list(): Promise<string>;
  /** /clear: later messages go to a new conversation; the old one stays saved. */
  startNew(): Promise<string>;
  /** /undo: the saved conversation loses its last exchange too. */
  dropLast(): Promise<void>;
  /** /retry: the next saved exchange replaces the last one (off again if the retry fails). */
  replaceLastOnNextSave(on: boolean): void;
}

export interface SlashCommand {
  name: string;
  args?: string;
  summary: string;
  run(args: string, ctx: SlashContext): Promise<'exit' | void> | 'exit' | void;
}
