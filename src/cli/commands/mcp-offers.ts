import { join } from 'node:path';
import { UsageError } from '../../ground/errors.js';
import { sanitizeLabel } from '../../ground/terminal-safe-text.js';
import { ensurePrivateDir } from '../../store/private-files.js';
import { connectMcp, type McpConnection } from '../../tools/mcp-client.js';
import { loadMcpServers } from '../../tools/mcp-config.js';
import { EXIT } from '../exit-codes.js';
import { loadAppContext } from '../settings.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const oneLine = (text: string | undefined, max = 160) => (text ? `  ${sanitizeLabel(text.split('\n')[0].slice(0, max))}` : '');

/** Each named server (or every one), connected in turn and bounded; a failure is a line, the others still run. */
async function eachServer(name: string | undefined, show: (server: string, connection: McpConnection) => Promise<void>): Promise<number> {
  const app = await loadAppContext();
  const servers = await loadMcpServers(join(app.paths.config, 'mcp.json'));
  if (name && !servers[name]) throw new UsageError(`no MCP server named ${name}`, 'g4f-chat mcp list');
  const chosen = name ? [name] : Object.keys(servers);
  if (chosen.length === 0) {
    process.stderr.write('no MCP servers yet: g4f-chat mcp add NAME -- CMD [ARGS…]  or  g4f-chat mcp add NAME --url URL\n');
    return EXIT.ok;
  }
  await ensurePrivateDir(app.paths.state);
  let failed = 0;
  for (const server of chosen) {
    out(server);
    try {
      const connection = await connectMcp(server, servers[server], join(app.paths.state, `mcp-${server}.log`));
      try {
        await show(server, connection);
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

/** `mcp resources [NAME]`: each resource as the `-f mcp:SERVER/URI` that attaches it, then the templates. */
export function listMcpResources(name: string | undefined): Promise<number> {
  return eachServer(name, async (server, connection) => {
    const { resources, templates } = await connection.resources();
    if (resources.length === 0 && templates.length === 0) out('  (no resources)');
    for (const r of resources) out(`  mcp:${server}/${sanitizeLabel(r.uri)}${r.mimeType ? `  ${sanitizeLabel(r.mimeType)}` : ''}${oneLine(r.description ?? (r.name !== r.uri ? r.name : undefined))}`);
    for (const t of templates) out(`  template mcp:${server}/${sanitizeLabel(t.uri)}${t.mimeType ? `  ${sanitizeLabel(t.mimeType)}` : ''}${oneLine(t.description ?? t.name)}`);
  });
}

/** `mcp prompts [NAME]`: each prompt as `SERVER:PROMPT`, its arguments (required ones marked) and what it does. */
export function listMcpPrompts(name: string | undefined): Promise<number> {
  return eachServer(name, async (server, connection) => {
    const prompts = await connection.prompts();
    if (prompts.length === 0) out('  (no prompts)');
    for (const p of prompts) {
      const args = p.arguments.map((a) => `${sanitizeLabel(a.name)}=${a.required ? '…' : '[…]'}`).join(' ');
      out(`  ${server}:${sanitizeLabel(p.name)}${args ? ` ${args}` : ''}${oneLine(p.description)}`);
    }
  });
}
