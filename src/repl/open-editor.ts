import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `$VISUAL`, then `$EDITOR`, then the system's usual one. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || (process.platform === 'win32' ? 'notepad' : 'vi');
}

/** A path as one shell word: `'it'\''s'`. */
function shellQuote(text: string): string {
  return process.platform === 'win32' ? `"${text.replace(/"/g, '""')}"` : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Opens `path` in the user's editor on this terminal and waits for it to close. The
 * editor variable may carry arguments (`code --wait`), so it runs through the shell.
 * Resolves with the editor's exit code.
 */
export function openEditor(path: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const editor = editorCommand(env);
  return new Promise((resolve, reject) => {
    const child = spawn(`${editor} ${shellQuote(path)}`, { shell: true, stdio: 'inherit', env });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * `text` edited in the user's editor: written to a private temporary file, opened, read
 * back. Undefined when the editor failed (a non-zero exit), so nothing half-edited is used.
 */
export async function editText(text: string, env: NodeJS.ProcessEnv = process.env, suffix = '.md'): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'g4f-chat-edit-'));
  const path = join(dir, `message${suffix}`);
  try {
    await writeFile(path, text, { mode: 0o600 });
    const code = await openEditor(path, env);
    return code === 0 ? await readFile(path, 'utf8') : undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
