import { access, rm } from 'node:fs/promises';
import { UsageError } from '../../ground/errors.js';
import { checkRoleName, listRoles, loadRole, roleFile, saveRole, formatRole, type Role } from '../../store/roles.js';
import { openEditor } from '../../repl/open-editor.js';
import { sanitizeForTerminal, sanitizeLabel } from '../../ground/terminal-safe-text.js';
import { EXIT } from '../exit-codes.js';
import { printNotice } from '../messages.js';
import { readPipedStdin } from '../read-stdin.js';
import { loadAppContext } from '../settings.js';
import { shellContext } from '../shell-context.js';
import { formatTable } from '../table.js';
import { writeJson } from '../write-json.js';

/** `g4f-chat roles`: every role, its source and what it is for. */
export async function rolesList(flags: { json?: boolean }): Promise<number> {
  const app = await loadAppContext();
  const roles = await listRoles(app.paths.config, shellContext());
  if (flags.json) {
    writeJson(roles, 2);
    return EXIT.ok;
  }
  const rows = [['name', 'source', 'model', 'description'], ...roles.map((r) => [r.name, r.source === 'built-in' ? 'built-in' : 'file', r.model ?? '', r.description ?? firstLine(r.system)].map(sanitizeLabel))];
  process.stdout.write(`${formatTable(rows)}\n`);
  return EXIT.ok;
}

/** `g4f-chat roles show NAME`: the role as its file holds it (a built-in as it would be written). */
export async function rolesShow(name: string, flags: { json?: boolean }): Promise<number> {
  const app = await loadAppContext();
  const role = await loadRole(app.paths.config, name, shellContext());
  if (flags.json) writeJson(role, 2);
  else {
    const text = `# ${role.name} (${role.source})\n${formatRole(role)}`;
    process.stdout.write(process.stdout.isTTY ? sanitizeForTerminal(text) : text);
  }
  return EXIT.ok;
}

export interface CreateRoleFlags {
  system?: string;
  description?: string;
  provider?: string;
  model?: string;
  temperature?: number;
  force?: boolean;
}

/**
 * `g4f-chat roles create NAME`: the system prompt from --system, else piped stdin, else the
 * editor on a terminal. An existing role file is kept unless --force.
 */
export async function rolesCreate(name: string, flags: CreateRoleFlags): Promise<number> {
  const app = await loadAppContext();
  const path = roleFile(app.paths.config, checkRoleName(name));
  if (!flags.force && (await exists(path))) throw new UsageError(`the role ${name} exists (${path})`, `change it with: g4f-chat roles edit ${name}, or replace it with --force`);
  if (flags.provider) app.catalog.require(flags.provider);
  const system = flags.system ?? (await readPipedStdin());
  const fields = { description: flags.description, provider: flags.provider, model: flags.model, temperature: flags.temperature };
  if (system?.trim()) {
    printNotice(`saved the role ${name} in ${await saveRole(app.paths.config, name, { ...fields, system })}`);
    return EXIT.ok;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError('no system prompt given', `g4f-chat roles create ${name} --system "You are a careful reviewer…"  (or pipe it in)`);
  await saveRole(app.paths.config, name, { ...fields, system: 'Write the system prompt here.' });
  return editRoleFile(path, name);
}

/** `g4f-chat roles edit NAME`: opens the role's file in $VISUAL / $EDITOR (a built-in is copied first). */
export async function rolesEdit(name: string): Promise<number> {
  const app = await loadAppContext();
  const path = roleFile(app.paths.config, checkRoleName(name));
  if (!(await exists(path))) {
    const role: Role = await loadRole(app.paths.config, name, shellContext()).catch(() => ({ name, system: 'Write the system prompt here.', source: 'new' }));
    await saveRole(app.paths.config, name, role);
  }
  return editRoleFile(path, name);
}

async function editRoleFile(path: string, name: string): Promise<number> {
  const code = await openEditor(path);
  if (code !== 0) {
    printNotice(`the editor exited with ${code}; ${path} is as it left it`);
    return EXIT.failed;
  }
  // Read back so that a broken front matter is said now, not at the next --role.
  const app = await loadAppContext();
  await loadRole(app.paths.config, name, shellContext());
  printNotice(`saved the role ${name} in ${path}`);
  return EXIT.ok;
}

/** `g4f-chat roles rm NAME`: removes a role file (a built-in comes back as it was). */
export async function rolesRemove(name: string): Promise<number> {
  const app = await loadAppContext();
  const path = roleFile(app.paths.config, checkRoleName(name));
  if (!(await exists(path))) throw new UsageError(`no role file named ${name}`, 'see them with: g4f-chat roles');
  await rm(path);
  printNotice(`removed the role ${name}`);
  return EXIT.ok;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
