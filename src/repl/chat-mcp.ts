import type { Message } from '../ground/types.js';
import type { McpPromptInfo } from '../tools/mcp-client.js';
import { parsePromptArgs, parsePromptName, promptMessages } from '../tools/mcp-prompts.js';
import type { Toolbox } from '../tools/toolbox.js';

/** A prompt as chat offers it: `/SERVER:PROMPT`, and the names of its arguments. */
export interface ChatPrompt {
  name: string;
  arguments: string[];
}

/** What the chat's MCP servers offer besides tools: prompts (`/SERVER:PROMPT`) and resources (`/file mcp:…`). */
export interface ChatMcp {
  /** Every server's prompts, asked once per chat; a server that fails offers none. */
  prompts(): Promise<ChatPrompt[]>;
  /** The messages of `/SERVER:PROMPT name=value…`. */
  promptMessages(spec: string, words: readonly string[]): Promise<Message[]>;
  /** The server's completion of one argument, given the arguments typed before it; none where it offers none. */
  completeArgument(spec: string, argument: string, value: string, given: Record<string, string>): Promise<string[]>;
  /** Every server's resources as `mcp:SERVER/URI`, asked once per chat. */
  resources(): Promise<string[]>;
  /** The folders offered as roots (and that read_file and list_files may reach). */
  roots(): readonly string[];
  /** `/root DIR`: one more root; every started server is told its roots changed. The roots now. */
  addRoot(dir: string): Promise<readonly string[]>;
}

/** The chat's roots: the working folder and `--root`s, and what `/root` adds. */
export interface ChatRoots {
  list(): readonly string[];
  /** Adds a folder (refused when it is not one); false when it was a root already. */
  add(dir: string): Promise<boolean>;
}

/**
 * The chat's prompts and resources through its one toolbox (one process per server, shared
 * with its tools). Lists are asked once and remembered; completion is never an error.
 */
export function chatMcp(servers: readonly string[], open: () => Promise<Toolbox>, roots: ChatRoots): ChatMcp {
  let prompts: Promise<Array<McpPromptInfo & { server: string }>> | undefined;
  let resources: Promise<string[]> | undefined;
  const each = async <T>(ask: (server: string) => Promise<T[]>): Promise<T[]> => (await Promise.all(servers.map((server) => ask(server).catch(() => [] as T[])))).flat();
  const listed = () =>
    (prompts ??= each(async (server) => (await (await (await open()).server(server)).prompts()).map((p) => ({ ...p, server }))));
  return {
    prompts: async () => (await listed()).map((p) => ({ name: `${p.server}:${p.name}`, arguments: p.arguments.map((a) => a.name) })),
    promptMessages: async (spec, words) => {
      const { server, prompt } = parsePromptName(spec);
      const args = parsePromptArgs(words);
      return promptMessages(await (await open()).server(server), server, prompt, args);
    },
    completeArgument: async (spec, argument, value, given) => {
      const { server, prompt } = parsePromptName(spec);
      return (await (await open()).server(server)).completePrompt(prompt, argument, value, given).catch(() => []);
    },
    roots: () => roots.list(),
    addRoot: async (dir) => {
      // Servers started already learn of it now (`notifications/roots/list_changed`); later ones ask at start.
      if (await roots.add(dir)) await (await open()).rootsChanged();
      return roots.list();
    },
    resources: () =>
      (resources ??= each(async (server) => {
        const listedResources = await (await (await open()).server(server)).resources();
        return listedResources.resources.map((r) => `mcp:${server}/${r.uri}`);
      })),
  };
}
