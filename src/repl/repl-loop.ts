import type { ChatSession } from './chat-session.js';
import type { ReplIO } from './repl-io.js';
import { runSlashCommand, type ConversationCommands } from './slash-commands.js';
import { runShellEscape } from './shell-escape.js';

/** Reads messages until the user leaves; each is a slash command or a question. Returns how many turns failed. */
export async function runReplLoop(session: ChatSession, io: ReplIO, conversations?: ConversationCommands): Promise<number> {
  let failed = 0;
  for (;;) {
    const input = await io.readInput();
    if (input === undefined) return failed;
    if (!input.trim()) continue;
    // `!command` only for a person at a terminal: a line of a script is a message, never run.
    if (io.interactive && input.startsWith('!') && input.trim().length > 1 && !input.includes('\n')) {
      await runShellEscape(input.slice(1).trim(), session, io);
      continue;
    }
    if (input.trimStart().startsWith('/') && !input.includes('\n')) {
      try {
        if ((await runSlashCommand(input, { session, io, conversations })) === 'exit') return failed;
      } catch (error) {
        // /file reads pages and files: their servers' words reach the terminal only sanitised and redacted.
        session.showError(io, error);
      }
      continue;
    }
    if (!(await session.send(input, io))) failed += 1;
  }
}
