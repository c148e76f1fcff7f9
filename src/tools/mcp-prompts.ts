import { UsageError } from '../ground/errors.js';
import type { Message } from '../ground/types.js';
import type { McpConnection, McpPromptInfo } from './mcp-client.js';

/** `SERVER:PROMPT` as given to `--mcp-prompt` or typed as `/SERVER:PROMPT` in chat. */
export function parsePromptName(spec: string): { server: string; prompt: string } {
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1) throw new UsageError(`"${spec}" is not SERVER:PROMPT`, 'a prompt is named by its server and its name, e.g. ev:simple-prompt');
  return { server: spec.slice(0, colon), prompt: spec.slice(colon + 1) };
}

/** `k=v` words (`--arg k=v`, or `k=v` after `/SERVER:PROMPT`): the prompt's arguments. */
export function parsePromptArgs(words: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new UsageError(`"${word}" is not NAME=VALUE`, 'a prompt argument is given as name=value, e.g. city=Paris');
    args[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return args;
}

/**
 * The messages of one MCP prompt, as conversation messages. Arguments it does not take and
 * required ones left out are refused here, naming them, before the server is asked.
 */
export async function promptMessages(connection: McpConnection, server: string, prompt: string, args: Record<string, string>): Promise<Message[]> {
  const listed = await connection.prompts();
  const info = listed.find((p) => p.name === prompt);
  if (!info) throw new UsageError(`MCP server ${server} offers no prompt named ${prompt}`, `its prompts: ${listed.map((p) => p.name).join(', ') || 'none'}`);
  checkArguments(server, info, args);
  const messages = await connection.getPrompt(prompt, args);
  return messages.map((m) => ({ role: m.role, content: m.text, ...(m.images.length ? { images: m.images } : {}) }));
}

function checkArguments(server: string, info: McpPromptInfo, args: Record<string, string>): void {
  const known = new Set(info.arguments.map((a) => a.name));
  const unknown = Object.keys(args).filter((name) => !known.has(name));
  const usage = info.arguments.map((a) => (a.required ? `${a.name}=…` : `[${a.name}=…]`)).join(' ') || 'no arguments';
  if (unknown.length) throw new UsageError(`the prompt ${server}:${info.name} takes no argument named ${unknown.join(', ')}`, `it takes: ${usage}`);
  const missing = info.arguments.filter((a) => a.required && !(a.name in args)).map((a) => a.name);
  if (missing.length) throw new UsageError(`the prompt ${server}:${info.name} needs ${missing.join(', ')}`, `it takes: ${usage}`);
}

/**
 * Where the prompt's messages go: before what the user typed. With nothing typed or attached,
 * the prompt's own last message (a user's) is the question.
 */
export function beforeUserTurn(inserted: readonly Message[], user: Message | undefined): { inserted: Message[]; user: Message } {
  if (user) return { inserted: [...inserted], user };
  const last = inserted.at(-1);
  if (!last || last.role !== 'user') throw new UsageError('the prompt does not end with a user message: add your question after it');
  return { inserted: inserted.slice(0, -1), user: last };
}
