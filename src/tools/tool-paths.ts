import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isWithin } from '../input/path-within.js';

/** Where the built-in file tools may look without asking: the working folder and each `--root`. */
export interface PathRoots {
  cwd: string;
  roots: readonly string[];
}

/** The path a file tool's call touches, as the file system will resolve it. */
export interface ToolPath {
  /** The argument as the model wrote it. */
  argument: string;
  /** Every link followed: what is really read or listed. */
  realPath: string;
  /** Inside the working folder or a `--root` (after following links). */
  insideRoots: boolean;
}

/** The built-ins that read the file system, and the argument naming the path (with its default). */
const PATH_TOOLS: Readonly<Record<string, { key: string; fallback?: string }>> = {
  read_file: { key: 'path' },
  list_files: { key: 'path', fallback: '.' },
};

/**
 * For `read_file` and `list_files`: the real path a call would touch and whether it stays
 * inside the roots; undefined for every other tool (or arguments without a path). `args`
 * may be the call's JSON text as the model sent it. Pure apart from reading links, so the
 * approval prompt can show what it asks about: `read_file docs/notes.md → /home/u/.ssh/id`.
 */
export function resolveToolPath(name: string, args: Record<string, unknown> | string, roots: PathRoots): ToolPath | undefined {
  const tool = PATH_TOOLS[name];
  if (!tool) return undefined;
  const parsed = typeof args === 'string' ? parseArguments(args) : args;
  const value = parsed?.[tool.key] ?? tool.fallback;
  if (typeof value !== 'string' || value === '') return undefined;
  const realPath = realPathOf(resolve(roots.cwd, value));
  const insideRoots = [roots.cwd, ...roots.roots].some((root) => isWithin(realPath, realPathOf(resolve(roots.cwd, root))));
  return { argument: value, realPath, insideRoots };
}

/** The real path to show beside a call when it differs from what the model wrote; else undefined. */
export function realPathForDisplay(name: string, args: Record<string, unknown> | string, roots: PathRoots): string | undefined {
  const path = resolveToolPath(name, args, roots);
  if (!path) return undefined;
  return path.realPath === resolve(roots.cwd, path.argument) ? undefined : path.realPath;
}

/**
 * Links resolved as far as the path exists (a file not there yet resolves through its
 * folder), so `a/../b` and a link to a missing target are judged where they really lead.
 */
function realPathOf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPathOf(parent), basename(path));
  }
}

function parseArguments(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Paths outside the roots that the user approved one by one: a yes to a call that showed
 * that very path. Approving a tool ahead (`--approve`, `[a]lways`) does not reach outside.
 */
export class OutsidePathApprovals {
  private readonly approved = new Set<string>();

  approve(realPath: string): void {
    this.approved.add(realPath);
  }

  has(realPath: string): boolean {
    return this.approved.has(realPath);
  }
}

/** Why a call is refused before it runs (one line, for the model), or undefined when it may run. */
export function outsideRootsRefusal(path: ToolPath, approvals: OutsidePathApprovals | undefined, roots: PathRoots): string | undefined {
  if (path.insideRoots || approvals?.has(path.realPath)) return undefined;
  const leads = path.realPath === resolve(roots.cwd, path.argument) ? '' : ` leads to ${path.realPath}, which`;
  const where = roots.roots.length ? 'the working folder and the --root folders' : 'the working folder';
  return `refused: ${path.argument}${leads} is outside ${where}, and the user has not approved that path`;
}
