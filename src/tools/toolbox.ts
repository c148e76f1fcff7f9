import { join } from 'node:path';
import { UsageError } from '../ground/errors.js';
import type { ToolSpec } from '../ground/types.js';
import { builtinTools, type BuiltinContext } from './builtin-tools.js';
import { connectMcp, type McpConnection } from './mcp-client.js';
import type { McpServerConfig, McpServers } from './mcp-config.js';
import { McpToolsCache } from './mcp-tools-cache.js';
import type { RunnableTool } from './tool-types.js';

export interface ToolboxOptions {
  /** `-T` names: a built-in, a server (all its tools), `SERVER__TOOL`; `all` for every one. */
  selection: readonly string[];
  servers: McpServers;
  stateDir: string;
  builtin: BuiltinContext;
}

export interface Toolbox {
  tools: RunnableTool[];
  find(name: string): RunnableTool | undefined;
  close(): Promise<void>;
}

/**
 * The tools a run offers. Built-ins are ready at once; an MCP server's tools come from the
 * cache when its configuration is unchanged, and the server starts only on its first call.
 */
export async function openToolbox(options: ToolboxOptions): Promise<Toolbox> {
  const builtins = builtinTools(options.builtin);
  const all = options.selection.includes('all');
  const known = new Set([...builtins.map((t) => t.spec.name), ...Object.keys(options.servers)]);
  for (const name of options.selection) {
    const server = name.split('__')[0];
    if (name !== 'all' && !known.has(name) && !(name.includes('__') && options.servers[server])) {
      throw new UsageError(`no tool or MCP server named ${name}`, `built-in tools: ${builtins.map((t) => t.spec.name).join(', ')}; servers: ${Object.keys(options.servers).join(', ') || 'none (g4f-chat mcp add NAME -- CMD)'}`);
    }
  }
  const picked = (name: string) => all || options.selection.includes(name);
  const tools: RunnableTool[] = builtins.filter((t) => picked(t.spec.name));
  const connections = new Map<string, Promise<McpConnection>>();
  const cache = new McpToolsCache(options.stateDir);
  const connect = (name: string, config: McpServerConfig) => {
    let connection = connections.get(name);
    if (!connection) {
      connection = connectMcp(name, config, join(options.stateDir, `mcp-${name}.log`));
      connections.set(name, connection);
    }
    return connection;
  };
  for (const [server, config] of Object.entries(options.servers)) {
    const wanted = (tool: string) => picked(server) || options.selection.includes(`${server}__${tool}`);
    if (!all && !options.selection.some((n) => n === server || n.startsWith(`${server}__`))) continue;
    let specs = await cache.get(config);
    if (!specs) {
      specs = await (await connect(server, config)).tools();
      await cache.set(config, specs);
    }
    for (const spec of specs.filter((s) => wanted(s.name))) {
      tools.push({
        spec: { ...spec, name: `${server}__${spec.name}` } satisfies ToolSpec,
        source: server,
        run: async (args, signal) => (await connect(server, config)).call(spec.name, args, options.builtin.timeoutMs, signal),
      });
    }
  }
  return {
    tools,
    find: (name) => tools.find((t) => t.spec.name === name),
    close: async () => {
      await Promise.all([...connections.values()].map((c) => c.then((x) => x.close(), () => {})));
    },
  };
}
