import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ChatPrompt } from './chat-mcp.js';
import { SLASH_COMMANDS } from './slash-commands.js';

/** What Tab can complete beyond command names. */
export interface CompletionSource {
  providers(): string[];
  /** The current provider's models: the server's live list where it has one (asked once), else the table. */
  models(): string[] | Promise<string[]>;
  /** Role names, for /role. */
  roles?(): Promise<string[]>;
  /** MCP prompts as `SERVER:PROMPT` with their arguments' names. */
  prompts?(): Promise<ChatPrompt[]>;
  /** The server's values for a prompt argument (its completion API), given the ones typed before. */
  promptArgument?(spec: string, argument: string, value: string, given: Record<string, string>): Promise<string[]>;
  /** MCP resources as `mcp:SERVER/URI`, for /file. */
  resources?(): Promise<string[]>;
}

type Completion = [string[], string];

/**
 * Tab completion: command names, then provider ids after `/provider `, model names after
 * `/model `, role names after `/role `, and paths after `/file ` (any word of it). Each
 * single completion ends in a space (a folder in `/`), ready for what comes next.
 */
export async function completeSlash(line: string, source?: CompletionSource): Promise<Completion> {
  if (!line.startsWith('/')) return [[], line];
  const space = line.indexOf(' ');
  if (space === -1) {
    let hits = SLASH_COMMANDS.map((cmd) => `/${cmd.name}`).filter((name) => name.startsWith(line));
    // Prompts are asked of the servers only when no command fits (or a `:` names one).
    if ((hits.length === 0 || line.includes(':')) && source?.prompts) hits = (await source.prompts()).map((p) => `/${p.name}`).filter((name) => name.startsWith(line) && printable(name));
    return [hits.length === 1 ? [`${hits[0]} `] : hits, line];
  }
  const command = line.slice(1, space);
  if (command.includes(':') && source?.prompts) return completePromptArgument(line, command, source);
  if (command === 'file' && line.slice(line.lastIndexOf(' ') + 1).startsWith('mcp:') && source?.resources) return completeResource(line, source);
  if (command === 'file') return completePath(line);
  const word = line.slice(space + 1);
  if (word.includes(' ') || !source) return [[], line];
  const choices = command === 'provider' ? ['auto', ...source.providers()] : command === 'model' ? await source.models() : command === 'role' ? ((await source.roles?.()) ?? []) : [];
  const hits = choices.filter((choice) => choice.startsWith(word) && printable(choice)).map((choice) => `/${command} ${choice}`);
  return [hits.length === 1 ? [`${hits[0]} `] : hits, line];
}

/** After `/SERVER:PROMPT`: an argument's name (`city=`), or after `name=` the server's values for it. */
async function completePromptArgument(line: string, spec: string, source: CompletionSource): Promise<Completion> {
  const start = line.lastIndexOf(' ') + 1;
  const word = line.slice(start);
  const head = line.slice(0, start);
  const eq = word.indexOf('=');
  if (eq === -1) {
    const prompt = (await source.prompts!()).find((p) => p.name === spec);
    const typed = new Set(head.split(/\s+/).map((w) => w.split('=')[0]));
    const hits = (prompt?.arguments ?? []).filter((a) => a.startsWith(word) && !typed.has(a) && printable(a)).map((a) => `${head}${a}=`);
    return [hits, line];
  }
  const given = Object.fromEntries(head.split(/\s+/).slice(1).filter((w) => w.includes('=')).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
  const name = word.slice(0, eq);
  const values = (await source.promptArgument?.(spec, name, word.slice(eq + 1), given)) ?? [];
  // A value with a space could not be read back as one word: only plain values are offered.
  const hits = values.filter((v) => !/\s/.test(v) && printable(v)).map((v) => `${head}${name}=${v}`);
  return [hits.length === 1 ? [`${hits[0]} `] : hits, line];
}

/** `/file mcp:…`: the resources the chat's servers list. */
async function completeResource(line: string, source: CompletionSource): Promise<Completion> {
  const start = line.lastIndexOf(' ') + 1;
  const word = line.slice(start);
  const hits = (await source.resources!()).filter((uri) => uri.startsWith(word) && !/\s/.test(uri) && printable(uri)).map((uri) => `${line.slice(0, start)}${uri}`);
  return [hits.length === 1 ? [`${hits[0]} `] : hits, line];
}

/** The last word of the line as a path: entries of its folder that start with what is typed. */
async function completePath(line: string): Promise<Completion> {
  const start = line.lastIndexOf(' ') + 1;
  const word = line.slice(start);
  const slash = word.lastIndexOf('/');
  const folderPart = slash === -1 ? '' : word.slice(0, slash + 1);
  const prefix = word.slice(slash + 1);
  const folder = folderPart.startsWith('~/') ? join(homedir(), folderPart.slice(2)) : folderPart || '.';
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const hits = entries
    .filter((entry) => entry.name.startsWith(prefix) && (prefix.startsWith('.') || !entry.name.startsWith('.')) && printable(entry.name))
    .map((entry) => `${line.slice(0, start)}${folderPart}${entry.name}${entry.isDirectory() ? '/' : ''}`)
    .sort();
  if (hits.length === 1 && !hits[0].endsWith('/')) return [[`${hits[0]} `], line];
  return [hits, line];
}

/**
 * A name from a server or a folder with control characters could not be typed, and must not
 * be printed: readline lists completions as they are.
 */
function printable(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f-\u009f]/.test(name);
}
