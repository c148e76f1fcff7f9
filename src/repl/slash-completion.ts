import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SLASH_COMMANDS } from './slash-commands.js';

/** What Tab can complete beyond command names. */
export interface CompletionSource {
  providers(): string[];
  /** The current provider's models: the server's live list where it has one (asked once), else the table. */
  models(): string[] | Promise<string[]>;
  /** Role names, for /role. */
  roles?(): Promise<string[]>;
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
    const hits = SLASH_COMMANDS.map((cmd) => `/${cmd.name}`).filter((name) => name.startsWith(line));
    return [hits.length === 1 ? [`${hits[0]} `] : hits, line];
  }
  const command = line.slice(1, space);
  if (command === 'file') return completePath(line);
  const word = line.slice(space + 1);
  if (word.includes(' ') || !source) return [[], line];
  const choices = command === 'provider' ? ['auto', ...source.providers()] : command === 'model' ? await source.models() : command === 'role' ? ((await source.roles?.()) ?? []) : [];
  const hits = choices.filter((choice) => choice.startsWith(word) && printable(choice)).map((choice) => `/${command} ${choice}`);
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
