import { join } from 'node:path';
import { UsageError } from '../../ground/errors.js';
import { connectMcp } from '../../tools/mcp-client.js';
import { loadMcpServers, SERVER_NAME, updateMcpServers, type McpServerConfig } from '../../tools/mcp-config.js';
import { McpToolsCache } from '../../tools/mcp-tools-cache.js';
import { sanitizeLabel } from '../../ground/terminal-safe-text.js';
import { ensurePrivateDir } from '../../store/private-files.js';
import { EXIT } from '../exit-codes.js';
import { loadAppContext, type AppContext } from '../settings.js';

const fileOf = (app: AppContext) => join(app.paths.config, 'mcp.json');
const out = (line: string) => process.stdout.write(`${line}\n`);

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
  process.stderr.write(`removed MCP server ${name}\n`);
  return EXIT.ok;
}

/**
 * Each server, its transport, and — live, bounded — its tools or why it failed. Environment
 * values and header values are secrets: only their names are shown.
 */
export async function listMcpServers(names: string[], flags: { descriptions?: boolean } = {}): Promise<number> {
  const app = await loadAppContext();
  const servers = await loadMcpServers(fileOf(app));
  const chosen = names.length > 0 ? names : Object.keys(servers);
  if (chosen.length === 0) {
    process.stderr.write('no MCP servers yet: g4f-chat mcp add NAME -- CMD [ARGS…]  or  g4f-chat mcp add NAME --url URL\n');
    return EXIT.ok;
  }
  await ensurePrivateDir(app.paths.state);
  const cache = new McpToolsCache(app.paths.state);
  let failed = 0;
  for (const name of chosen) {
    const config = servers[name];
    if (!config) throw new UsageError(`no MCP server named ${name}`, 'g4f-chat mcp list');
    const transport = 'command' in config
      ? `stdio: ${sanitizeLabel([config.command, ...(config.args ?? [])].join(' '))}${config.env ? ` (env: ${Object.keys(config.env).join(', ')})` : ''}`
      : `http: ${sanitizeLabel(config.url)}${config.headers ? ` (headers: ${Object.keys(config.headers).join(', ')})` : ''}`;
    out(`${name}  ${transport}`);
    try {
      const connection = await connectMcp(name, config, join(app.paths.state, `mcp-${name}.log`));
      try {
        const tools = await connection.tools();
        await cache.set(config, tools);
        for (const tool of tools) out(`  ${name}__${sanitizeLabel(tool.name)}${flags.descriptions && tool.description ? `  ${sanitizeLabel(tool.description.split('\n')[0].slice(0, 200))}` : ''}`);
      } finally {
        await connection.close();
      }
    } catch (error) {
      failed += 1;
      out(`  failed: ${sanitizeLabel((error as Error).message)}`);
    }
  }
  return failed > 0 ? EXIT.failed : EXIT.ok;
}
