import { isAbsolute, resolve } from 'node:path';
import { realpath, stat } from 'node:fs/promises';
import { UsageError } from '../ground/errors.js';
import { InputBudget } from './input-budget.js';
import type { GatheredInput, GatherOptions } from './input-types.js';
import { readFileInput, readTextFiles } from './read-file-input.js';
import { walkFolder } from './walk-folder.js';
import { linksOutside } from './path-within.js';

const GLOB_CHARACTERS = /[*?[\]{}]/;
/** Most files one glob may match. */
const MAX_GLOB_FILES = 2000;

/**
 * What each `-f` names, in the order given: files, folders (walked with `.gitignore`),
 * globs and http(s) URLs. `already` bytes of text (stdin, the prompt) count against the
 * same limit. Everything is read before any request, so a refusal sends nothing.
 */
export async function gatherInputs(specs: readonly string[], options: GatherOptions, already = 0): Promise<GatheredInput> {
  const budget = new InputBudget(options.maxTextBytes, already);
  const gathered: GatheredInput & { warnings: string[] } = { texts: [], images: [], notes: [], warnings: [] };
  for (const spec of specs) {
    if (spec.startsWith('mcp:')) {
      const { addMcpResource } = await import('./mcp-resource-input.js');
      await addMcpResource(spec, options.readMcpResource, budget, gathered, { maxImageBytes: options.maxImageBytes, signal: options.signal ?? new AbortController().signal });
      continue;
    }
    if (/^https?:\/\//i.test(spec)) {
      const { fetchUrl } = await import('./fetch-url.js');
      const read = await fetchUrl(spec, budget, options, 'user');
      if ('image' in read) gathered.images.push(read.image);
      else {
        gathered.texts.push(read.text);
        if (read.note) gathered.notes.push(read.note);
      }
      continue;
    }
    const path = resolve(options.cwd, spec);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      if (info.code === 'ENOENT' && GLOB_CHARACTERS.test(spec)) {
        await addGlob(spec, options, budget, gathered);
        continue;
      }
      throw new UsageError(info.code === 'ENOENT' ? `no file or folder ${spec}` : `cannot read ${spec} (${info.code ?? info.message})`);
    }
    if (info.isDirectory()) {
      const folder = await walkFolder(path, spec, budget);
      gathered.texts.push(...folder.texts);
      gathered.notes.push(folder.note);
      gathered.warnings.push(...folder.skipped);
      continue;
    }
    const read = await readFileInput(path, spec, info.size, budget, { maxImageBytes: options.maxImageBytes, imagesAllowed: true });
    if ('binary' in read) throw new UsageError(`${spec} is a binary file, neither text nor an image; nothing was sent`);
    if ('image' in read) gathered.images.push(read.image);
    else gathered.texts.push(read.text);
  }
  return gathered;
}

/**
 * A quoted glob (`-f "src/**\/*.ts"`): the matching text files, binaries left out. Its root
 * is the working folder (an absolute pattern's: the folder before its first wildcard); a
 * link whose real path leaves it is skipped and named.
 */
async function addGlob(pattern: string, options: GatherOptions, budget: InputBudget, gathered: GatheredInput & { warnings: string[] }): Promise<void> {
  const { glob } = await import('tinyglobby');
  // An absolute pattern lists absolute paths, a relative one paths from the working folder: as typed.
  const matches = (await glob(pattern, { cwd: options.cwd, onlyFiles: true, ignore: ['**/.git/**'], expandDirectories: false, absolute: isAbsolute(pattern) })).sort();
  if (matches.length === 0) throw new UsageError(`nothing matches ${pattern}`);
  if (matches.length > MAX_GLOB_FILES) throw new UsageError(`${pattern} matches more than ${MAX_GLOB_FILES} files; nothing was sent`, 'narrow the pattern');
  const root = isAbsolute(pattern) ? globBase(pattern) : options.cwd;
  const realRoot = await realpath(root);
  const files: Array<{ path: string; label: string; size: number }> = [];
  for (const match of matches) {
    const path = resolve(options.cwd, match);
    if (await linksOutside(path, realRoot)) gathered.warnings.push(`skipped ${match}: links outside ${isAbsolute(pattern) ? root : '.'}`);
    else files.push({ path, label: match, size: (await stat(path)).size });
  }
  const { texts, note } = await readTextFiles(files, budget, pattern);
  gathered.texts.push(...texts);
  gathered.notes.push(note);
}

/** `/srv/docs/**\/*.md` → `/srv/docs`: the folders before the first wildcard. */
function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed = parts.slice(0, parts.findIndex((part) => GLOB_CHARACTERS.test(part)));
  return fixed.join('/') || '/';
}
