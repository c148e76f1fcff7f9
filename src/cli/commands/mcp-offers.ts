import { sanitizeLabel } from '../../ground/terminal-safe-text.js';
import { eachMcpServer, out } from './mcp-each-server.js';

const oneLine = (text: string | undefined, max = 160) => (text ? `  ${sanitizeLabel(text.split('\n')[0].slice(0, max))}` : '');

/** `mcp resources [NAME]`: each resource as the `-f mcp:SERVER/URI` that attaches it, then the templates. */
export function listMcpResources(name: string | undefined): Promise<number> {
  return eachMcpServer(name ? [name] : [], {
    async show(server, connection) {
      const { resources, templates } = await connection.resources();
      if (resources.length === 0 && templates.length === 0) out('  (no resources)');
      for (const r of resources) out(`  mcp:${server}/${sanitizeLabel(r.uri)}${r.mimeType ? `  ${sanitizeLabel(r.mimeType)}` : ''}${oneLine(r.description ?? (r.name !== r.uri ? r.name : undefined))}`);
      for (const t of templates) out(`  template mcp:${server}/${sanitizeLabel(t.uri)}${t.mimeType ? `  ${sanitizeLabel(t.mimeType)}` : ''}${oneLine(t.description ?? t.name)}`);
    },
  });
}

/** `mcp prompts [NAME]`: each prompt as `SERVER:PROMPT`, its arguments (required ones marked) and what it does. */
export function listMcpPrompts(name: string | undefined): Promise<number> {
  return eachMcpServer(name ? [name] : [], {
    async show(server, connection) {
      const prompts = await connection.prompts();
      if (prompts.length === 0) out('  (no prompts)');
      for (const p of prompts) {
        const args = p.arguments.map((a) => `${sanitizeLabel(a.name)}=${a.required ? '…' : '[…]'}`).join(' ');
        out(`  ${server}:${sanitizeLabel(p.name)}${args ? ` ${args}` : ''}${oneLine(p.description)}`);
      }
    },
  });
}
