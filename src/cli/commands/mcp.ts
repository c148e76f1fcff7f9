import { UsageError } from '../../ground/errors.js';
import { SERVER_NAME, updateMcpServers, type McpServerConfig } from '../../tools/mcp-config.js';
import { McpToolsCache } from '../../tools/mcp-tools-cache.js';
import { sanitizeLabel } from '../../ground/terminal-safe-text.js';
import { ensurePrivateDir } from '../../store/private-files.js';
import { EXIT } from '../exit-codes.js';
import { loadAppContext } from '../settings.js';
import { eachMcpServer, mcpFileOf as fileOf, out } from './mcp-each-server.js';

/** `mcp add NAME -- CMD ARGS…` or `mcp add NAME --url URL`: written under the file's lock, 0600. */
export async function addMcpServer(name: string, command: string[], flags: { url?: string; env?: string[]; header?: string[]; force?: boolean }): Promise<number> {
  if (!SERVER_NAME.test(name) || name.includes('__')) throw new UsageError(`server name "${name}" must be letters, digits, - and _ (no "__")`);
  if (Boolean(flags.url) === command.length > 0) throw new UsageError('give a command after -- (stdio) or --url URL (HTTP), not both', 'g4f-chat mcp add files -- npx -y @modelcontextprotocol/server-filesystem .');
  const pairs = (list: string[] | undefined, separator: RegExp, what: string) =>
    Object.fromEntries((list ?? []).map((item) => {
      const match = separator.exec(item);
      if (!match) throw new UsageError(`${what} "${item}" must look like ${what === '--env' ? 'NAME=value' : "'Name: value'"}`);
      return [match[1], match[2]];
    }));
  const config: McpServerConfig = flags.url
    ? { url: flags.url, ...(flags.header?.length ? { headers: pairs(flags.header, /^([^:]+):\s*(.*)$/, '--header') } : {}) }
    : { command: command[0], args: command.slice(1), ...(flags.env?.length ? { env: pairs(flags.env, /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/, '--env') } : {}) };
  const app = await loadAppContext();
  await ensurePrivateDir(app.paths.config);
  let replaced = false;
  await updateMcpServers(fileOf(app), (servers) => {
    if (servers[name] && !flags.force) throw new UsageError(`an MCP server named ${name} exists already; nothing was changed`, `replace it with: g4f-chat mcp add ${name} --force …, or choose another name`);
    replaced = Boolean(servers[name]);
    return { ...servers, [name]: config };
  });
  if (replaced) process.stderr.write(`replaced MCP server ${name}\n`);
  process.stderr.write(`added MCP server ${name} to ${fileOf(app)}\n`);
  if ('url' in config) await (await import('./mcp-auth.js')).signInAfterAdd(app, name, config);
  return EXIT.ok;
}

export async function removeMcpServer(name: string): Promise<number> {
  const app = await loadAppContext();
  let found = false;
  await updateMcpServers(fileOf(app), (servers) => {
    found = name in servers;
    const { [name]: _gone, ...rest } = servers;
    return rest;
  });
  if (!found) throw new UsageError(`no MCP server named ${name}`, 'g4f-chat mcp list');
  const { forgetOAuthRecord, oauthFileOf } = await import('../../tools/mcp-oauth-store.js');
  const signedOut = await forgetOAuthRecord(oauthFileOf(app.paths.state, name));
  process.stderr.write(`removed MCP server ${name}${signedOut ? ' and forgot its sign-in' : ''}\n`);
  return EXIT.ok;
}

/**
 * Each server, its transport, and — live, bounded — its tools or why it failed. Environment
 * values and header values are secrets: only their names are shown.
 */
export function listMcpServers(names: string[], flags: { descriptions?: boolean } = {}): Promise<number> {
  return eachMcpServer(names, {
    heading: (name, config) => `${name}  ${transportOf(config)}`,
    async show(name, connection, config, stateDir) {
      const tools = await connection.tools();
      await new McpToolsCache(stateDir).set(config, tools);
      for (const tool of tools) out(`  ${name}__${sanitizeLabel(tool.name)}${flags.descriptions && tool.description ? `  ${sanitizeLabel(tool.description.split('\n')[0].slice(0, 200))}` : ''}`);
    },
  });
}

/** How a server is reached, with the names (never the values) of its variables or headers. */
function transportOf(config: McpServerConfig): string {
  return 'command' in config
    ? `stdio: ${sanitizeLabel([config.command, ...(config.args ?? [])].join(' '))}${config.env ? ` (env: ${Object.keys(config.env).join(', ')})` : ''}`
    : `http: ${sanitizeLabel(config.url)}${config.headers ? ` (headers: ${Object.keys(config.headers).join(', ')})` : ''}`;
}
