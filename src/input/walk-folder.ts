import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { UsageError } from '../ground/errors.js';
import type { InputBudget } from './input-budget.js';
import type { TextAttachment } from './input-types.js';
import { linksOutside } from './path-within.js';
import { readTextFiles } from './read-file-input.js';

/** Most files one folder may contribute: past it, the folder is surely not what was meant. */
export const MAX_FOLDER_FILES = 2000;
/** Most entries looked at in all (ignored and binary ones too): a walk of `/` ends quickly. */
const MAX_ENTRIES = 50_000;

type Ignorer = { ignores(path: string): boolean };
interface Rules {
  base: string;
  ignorer: Ignorer;
}

export interface FolderResult {
  texts: TextAttachment[];
  note: string;
  /** One line per link left out because it leads outside the folder: `skipped a/b: links outside src`. */
  skipped: string[];
}

/**
 * Every text file under `root`, in name order, leaving out what `.gitignore` files say
 * (the folder's own, those below it, and those of the enclosing repository above it),
 * `.git` itself, binaries and images, symbolic links to folders (no cycles), and links to
 * files whose real path is outside `root` (named in `skipped`).
 */
export async function walkFolder(root: string, label: string, budget: InputBudget): Promise<FolderResult> {
  const { default: ignore } = await import('ignore');
  const rulesFor = async (dir: string): Promise<Rules | undefined> => {
    const text = await readFile(join(dir, '.gitignore'), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : { base: dir, ignorer: ignore().add(text) };
  };
  const files: Array<{ path: string; label: string; size: number }> = [];
  let ignored = 0;
  let seen = 0;
  const skipped: string[] = [];
  const realRoot = await realpath(root);
  const narrower = 'attach a narrower folder, or a glob such as -f "src/**/*.ts"';

  const visit = async (dir: string, inherited: readonly Rules[]): Promise<void> => {
    const own = await rulesFor(dir);
    const rules = own ? [...inherited, own] : inherited;
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    seen += entries.length;
    if (seen > MAX_ENTRIES) throw new UsageError(`${label} holds more than ${MAX_ENTRIES} entries; nothing was sent`, narrower);
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const path = join(dir, entry.name);
      const info = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : undefined;
      const isDir = entry.isDirectory() || Boolean(entry.isSymbolicLink() && info?.isDirectory());
      if (isIgnored(rules, path, isDir)) {
        ignored++;
        continue;
      }
      if (entry.isSymbolicLink() && isDir) continue;
      if (isDir) {
        await visit(path, rules);
        continue;
      }
      if (!entry.isFile() && !info?.isFile()) continue;
      if (entry.isSymbolicLink() && (await linksOutside(path, realRoot))) {
        skipped.push(`skipped ${label === '.' ? relative(root, path).split(sep).join('/') : joinLabel(label, relative(root, path))}: links outside ${label}`);
        continue;
      }
      if (files.length >= MAX_FOLDER_FILES) throw new UsageError(`${label} holds more than ${MAX_FOLDER_FILES} files; nothing was sent`, narrower);
      files.push({ path, label: joinLabel(label, relative(root, path)), size: info?.size ?? (await stat(path)).size });
    }
  };
  await visit(root, await enclosingRules(root, rulesFor));
  const read = await readTextFiles(files, budget, label, ignored ? [`${ignored} ignored by .gitignore`] : []);
  return { ...read, skipped };
}

/** A path relative to `rules.base` as `ignore` wants it: forward slashes, folders ending in `/`. */
function isIgnored(rules: readonly Rules[], path: string, isDir: boolean): boolean {
  return rules.some(({ base, ignorer }) => {
    const rel = relative(base, path).split(sep).join('/');
    return rel !== '' && !rel.startsWith('..') && ignorer.ignores(isDir ? `${rel}/` : rel);
  });
}

/** `.gitignore` files of the folders above `root`, up to the repository's top (a folder holding `.git`). */
async function enclosingRules(root: string, rulesFor: (dir: string) => Promise<Rules | undefined>): Promise<Rules[]> {
  const isTop = (dir: string) => stat(join(dir, '.git')).then(() => true, () => false);
  if (await isTop(root)) return [];
  const above: string[] = [];
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    above.unshift(dir);
    if (await isTop(dir)) break;
    if (dirname(dir) === dir) return [];
  }
  return (await Promise.all(above.map(rulesFor))).filter((r): r is Rules => r !== undefined);
}

/** `src/` + `a/b.ts` → `src/a/b.ts`, with forward slashes whatever the platform. */
export function joinLabel(label: string, rel: string): string {
  return `${label.replace(/[\\/]+$/, '')}/${rel.split(sep).join('/')}`;
}
