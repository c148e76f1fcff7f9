import { SLASH_COMMANDS } from './slash-commands.js';

/** What Tab can complete beyond command names. */
export interface CompletionSource {
  providers(): string[];
  /** The current provider's models (and aliases). */
  models(): string[];
}

/**
 * Tab completion: command names, then provider ids after `/provider `, model names after
 * `/model `; each completion ends in a space, ready for what comes next.
 */
export function completeSlash(line: string, source?: CompletionSource): [string[], string] {
  if (!line.startsWith('/')) return [[], line];
  const space = line.indexOf(' ');
  if (space === -1) {
    const hits = SLASH_COMMANDS.map((cmd) => `/${cmd.name}`).filter((name) => name.startsWith(line));
    return [hits.length === 1 ? [`${hits[0]} `] : hits, line];
  }
  const command = line.slice(1, space);
  const word = line.slice(space + 1);
  if (word.includes(' ') || !source) return [[], line];
  const choices = command === 'provider' ? ['auto', ...source.providers()] : command === 'model' ? source.models() : [];
  const hits = choices.filter((choice) => choice.startsWith(word)).map((choice) => `/${command} ${choice}`);
  return [hits.length === 1 ? [`${hits[0]} `] : hits, line];
}
