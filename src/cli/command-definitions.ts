import type { Command } from 'commander';
import { defineAskCommand } from './commands/ask-command.js';
import { defineChatCommand } from './commands/chat-command.js';
import { defineEmbedCommand } from './commands/embed-command.js';
import { defineImageCommand } from './commands/image-command.js';
import { defineServeCommand } from './commands/serve-command.js';
import { defineProvidersCommand } from './commands/providers-command.js';
import { defineModelsCommand } from './commands/models-command.js';
import { defineMcpCommand } from './commands/mcp-command.js';
import { defineHistoryCommand } from './commands/history-command.js';
import { defineRolesCommand } from './commands/roles-command.js';
import { defineConfigCommand } from './commands/config-command.js';
import { defineKeysCommand } from './commands/keys-command.js';

/**
 * Every command by name, in the order help lists them. Each definition sits beside its
 * implementation in commands/ (`ask-command.ts` beside `ask.ts`) and loads it only when it runs.
 */
export const COMMANDS: Record<string, (program: Command) => void> = {
  ask: defineAskCommand,
  chat: defineChatCommand,
  embed: defineEmbedCommand,
  image: defineImageCommand,
  serve: defineServeCommand,
  providers: defineProvidersCommand,
  models: defineModelsCommand,
  mcp: defineMcpCommand,
  history: defineHistoryCommand,
  roles: defineRolesCommand,
  config: defineConfigCommand,
  keys: defineKeysCommand,
};
