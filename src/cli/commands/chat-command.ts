import type { Command } from 'commander';
import { addChatOptions, addToolOptions, showOption } from '../program-options.js';

/** `chat`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineChatCommand(program: Command): void {
  addToolOptions(addChatOptions(program.command('chat').description('interactive chat: streams answers, Ctrl-C stops one, Ctrl-D leaves')))
    .addOption(showOption())
    .action(async (flags) => {
      const { runChat } = await import('./chat.js');
      process.exitCode = await runChat(flags);
    });
}
