import { type Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../ground/errors.js';
import { withFileLock } from '../store/file-lock.js';
import { registerSecret } from '../ground/redact.js';
import { writePrivateFileAtomic } from '../store/private-files.js';

/** One server of `mcp.json`, in the `mcpServers` format Claude Desktop, Claude Code and gemini-cli use. */
export type McpServerConfig =
  | { command: string; args?: string[]; env?: Record<string, string>; cwd?: string }
  | { url: string; headers?: Record<string, string> };

export type McpServers = Record<string, McpServerConfig>;

export const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/**
 * The servers of one file. Like the config file it must be the user's own and not writable by
 * others (it names commands to run); a missing file is no servers.
 */
export async function loadMcpServers(path: string, mustExist = false): Promise<McpServers> {
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    if (mustExist) throw new UsageError(`${path} does not exist`, 'check the path given to --mcp-config');
    return {};
  }
  await refuseUnsafe(path, info);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const servers = (json as { mcpServers?: unknown })?.mcpServers;
  if (servers === undefined) return {};
  if (!servers || typeof servers !== 'object' || Array.isArray(servers)) throw new UsageError(`${path}: "mcpServers" must be an object of servers`);
  const out: McpServers = {};
  for (const [name, value] of Object.entries(servers as Record<string, unknown>)) {
    if (!SERVER_NAME.test(name) || name.includes('__')) throw new UsageError(`${path}: server name "${name}" must be letters, digits, - and _ (no "__")`);
    out[name] = serverOf(value, `${path}: ${name}`);
    registerServerSecrets(out[name]);
  }
  return out;
}

/**
 * A file naming commands to run must be ours and changeable by nobody else: not the file (0666),
 * nor the folder it is in (another user could swap it: a 0600 file in a 0777 folder), nor, when
 * it is a symlink, the folder the link points into. Each refusal is worded like the 0666 one.
 */
async function refuseUnsafe(path: string, info: Stats): Promise<void> {
  const mine = (uid: number) => typeof process.getuid !== 'function' || uid === process.getuid();
  if (!mine(info.uid)) throw new UsageError(`${path} belongs to another user: its commands are not run`, `copy it to a file of your own`);
  if ((info.mode & 0o022) !== 0) throw new UsageError(`${path} can be changed by others: its commands are not run`, `chmod 600 ${path}`);
  const real = await realpath(path);
  const folders = new Set([dirname(path), dirname(real)]);
  for (const folder of folders) {
    const dir = await stat(folder);
    if (!mine(dir.uid) && dir.uid !== 0) throw new UsageError(`${path} is in ${folder}, which belongs to another user: its commands are not run`, `move it to a folder of your own`);
    if ((dir.mode & 0o022) !== 0) {
      throw new UsageError(`${path} can be changed by others (${folder} is writable by others${real !== path ? `, and ${path} links there` : ''}): its commands are not run`, `chmod 700 ${folder}, or keep the file in a folder of your own`);
    }
  }
}

/** Variables whose names say they hold a credential; a folder in MCP_ROOT is not one. */
const CREDENTIAL_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS$|AUTH|CREDENTIAL|COOKIE|SESSION/i;

/**
 * A server's credentials (its env values named like one, every header value) are blanked out of
 * whatever is shown or kept, a tool result that echoes one included.
 */
function registerServerSecrets(config: McpServerConfig): void {
  if ('command' in config) {
    for (const [name, value] of Object.entries(config.env ?? {})) if (CREDENTIAL_NAME.test(name)) registerSecret(value);
  } else {
    for (const value of Object.values(config.headers ?? {})) registerSecret(value.replace(/^(Bearer|Basic|token)\s+/i, ''));
  }
}

function serverOf(value: unknown, where: string): McpServerConfig {
  const v = value as Record<string, unknown>;
  const strings = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) && Object.values(x).every((s) => typeof s === 'string') ? (x as Record<string, string>) : undefined);
  if (typeof v?.command === 'string') {
    if (v.args !== undefined && (!Array.isArray(v.args) || v.args.some((a) => typeof a !== 'string'))) throw new UsageError(`${where}: "args" must be a list of strings`);
    return { command: v.command, ...(v.args ? { args: v.args as string[] } : {}), ...(strings(v.env) ? { env: strings(v.env) } : {}), ...(typeof v.cwd === 'string' ? { cwd: v.cwd } : {}) };
  }
  if (typeof v?.url === 'string' && /^https?:\/\//.test(v.url)) return { url: v.url, ...(strings(v.headers) ? { headers: strings(v.headers) } : {}) };
  throw new UsageError(`${where}: a server needs "command" (stdio) or an http(s) "url"`);
}

/** Changes the file under its lock, written atomically (0600). */
export function updateMcpServers(path: string, change: (servers: McpServers) => McpServers): Promise<McpServers> {
  return withFileLock(path, async () => {
    const next = change(await loadMcpServers(path));
    await writePrivateFileAtomic(path, `${JSON.stringify({ mcpServers: next }, null, 2)}\n`);
    return next;
  });
}
