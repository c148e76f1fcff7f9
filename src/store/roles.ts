import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILTIN_ROLES, type ShellContext } from './builtin-roles.js';
import { UsageError } from '../ground/errors.js';
import { writePrivateFileAtomic, ensurePrivateDir } from './private-files.js';

/** A system prompt with, optionally, the provider, model and temperature it is meant for. */
export interface Role {
  name: string;
  description?: string;
  system: string;
  provider?: string;
  model?: string;
  temperature?: number;
  /** `built-in`, or the file it was read from. */
  source: string;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const FIELDS = ['description', 'provider', 'model', 'temperature'] as const;

export const rolesDir = (configDir: string) => join(configDir, 'roles');
export const roleFile = (configDir: string, name: string) => join(rolesDir(configDir), `${checkRoleName(name)}.md`);

export function checkRoleName(name: string): string {
  if (!NAME.test(name)) throw new UsageError(`"${name.slice(0, 80)}" is not a role name`, 'use lower-case letters, digits, - and _ (up to 64), such as reviewer or sql-helper');
  return name;
}

/**
 * A role by name: the file `<config>/roles/NAME.md` when there is one, else a built-in.
 * The file is Markdown with optional front matter (`---` lines around `key: value` pairs).
 */
export async function loadRole(configDir: string, name: string, context: ShellContext): Promise<Role> {
  const path = roleFile(configDir, name);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read the role file ${path} (${error.code ?? error.message})`);
  });
  if (text !== undefined) return parseRole(name, text, path);
  const builtin = BUILTIN_ROLES.find((role) => role.name === name);
  if (builtin) return { name, description: builtin.description, system: builtin.system(context), source: 'built-in' };
  throw Object.assign(new UsageError(`no role named ${name}`), { remedy: { type: 'find-role', name } as const });
}

/** Every role: the files, then the built-ins no file replaces, by name. */
export async function listRoles(configDir: string, context: ShellContext): Promise<Role[]> {
  const names = (await readdir(rolesDir(configDir)).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).filter((n) => NAME.test(n));
  const all = new Set([...names, ...BUILTIN_ROLES.map((r) => r.name)]);
  const roles = await Promise.all([...all].map((name) => loadRole(configDir, name, context).catch(() => undefined)));
  return roles.filter((r): r is Role => r !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}

/** Front matter (`key: value` lines between `---` fences), then the system prompt. */
export function parseRole(name: string, text: string, source: string): Role {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  const role: Role = { name, system: (match ? text.slice(match[0].length) : text).trim(), source };
  for (const line of (match?.[1] ?? '').split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const pair = /^([A-Za-z]+)\s*:\s*(.*)$/.exec(line);
    const key = pair?.[1] as (typeof FIELDS)[number] | undefined;
    if (!pair || !FIELDS.includes(key!)) throw new UsageError(`${source}: "${line.slice(0, 60)}" is not a known setting`, `front matter takes ${FIELDS.join(', ')}`);
    const value = pair[2].trim().replace(/^(["'])(.*)\1$/, '$2');
    if (key === 'temperature') {
      const t = Number(value);
      if (!/^\d+(\.\d+)?$/.test(value) || t > 2) throw new UsageError(`${source}: temperature must be a number from 0 to 2`);
      role.temperature = t;
    } else if (value) role[key!] = value;
  }
  if (!role.system) throw new UsageError(`${source} holds no system prompt`, 'write it below the front matter');
  return role;
}

/** A role as its file holds it. */
export function formatRole(role: Omit<Role, 'source' | 'name'>): string {
  const fields = FIELDS.filter((key) => role[key] !== undefined && role[key] !== '').map((key) => `${key}: ${role[key]}`);
  return `${fields.length ? `---\n${fields.join('\n')}\n---\n` : ''}${role.system.trim()}\n`;
}

export async function saveRole(configDir: string, name: string, role: Omit<Role, 'source' | 'name'>): Promise<string> {
  const path = roleFile(configDir, name);
  await ensurePrivateDir(rolesDir(configDir));
  await writePrivateFileAtomic(path, formatRole(role));
  return path;
}
