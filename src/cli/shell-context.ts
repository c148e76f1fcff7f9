import type { ShellContext } from '../store/builtin-roles.js';

/** The user's shell (`$SHELL`, or PowerShell / cmd on Windows) and platform. */
export function shellContext(env: NodeJS.ProcessEnv = process.env): ShellContext {
  const windowsShell = env.PSModulePath ? 'powershell' : env.ComSpec || 'cmd.exe';
  return { shell: env.SHELL || (process.platform === 'win32' ? windowsShell : '/bin/sh'), platform: process.platform };
}
