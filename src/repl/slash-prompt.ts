import { sanitizeLabel } from '../ground/terminal-safe-text.js';
import { splitWords } from './slash-input-commands.js';
import type { SlashContext } from './slash-types.js';

/**
 * `/SERVER:PROMPT name=value…`: the MCP prompt's messages join the conversation, and the next
 * message follows them. False when the chat has no MCP servers (the line is an unknown command).
 */
export async function runPromptCommand(spec: string, args: string, ctx: SlashContext): Promise<boolean> {
  const mcp = ctx.session.mcp;
  if (!mcp) return false;
  const messages = await mcp.promptMessages(spec, splitWords(args.trim()));
  await ctx.session.addMessages(messages);
  const images = messages.reduce((n, m) => n + (m.images?.length ?? 0), 0);
  const count = `${messages.length} message${messages.length === 1 ? '' : 's'}${images ? ` and ${images} image${images === 1 ? '' : 's'}` : ''}`;
  ctx.io.err(`${ctx.io.errColors.dim(`${sanitizeLabel(spec)}: ${count} added to the conversation; your next message follows ${messages.length === 1 ? 'it' : 'them'}`)}\n`);
  return true;
}
