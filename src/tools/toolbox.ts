import { join } from 'node:path';
import { UsageError } from '../ground/errors.js';
import type { ToolSpec } from '../ground/types.js';
import { builtinTools, type BuiltinContext } from './builtin-tools.js';
import { connectMcp, type McpConnection } from './mcp-client.js';
import type { McpServerConfig, McpServers } from './mcp-config.js';
import type { McpHost } from './mcp-host.js';
import type { McpSignIn } from './mcp-oauth.js';
import { McpToolsCache } from './mcp-tools-cache.js';
import type { RunnableTool } from './tool-types.js';

export interface ToolboxOptions {
  /** `-T` names: a built-in, a server (all its tools), `SERVER__TOOL`; `all` for every one. */
  selection: readonly string[];
  servers: McpServers;
  stateDir: string;
  builtin: BuiltinContext;
  /** What servers may ask of the user (sampling, elicitation, roots); declined where missing. */
  host?: McpHost;
  /** How an HTTP server's OAuth sign-in may happen; without it none is tried. */
  signIn?: McpSignIn;
}

export interface Toolbox {
  tools: RunnableTool[];
  find(name: string): RunnableTool | undefined;
  /** A configured server's connection, started on first use (resources, prompts, completion). */
  server(name: string): Promise<McpConnection>;
  /** Offers every tool of a configured server not offered yet (`/tools on SERVER`); its tools. */
  enable(server: string): Promise<RunnableTool[]>;
  /** Tells every started server its roots changed. */
  rootsChanged(): Promise<void>;
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
      throw Object.assign(new UsageError(`no tool or MCP server named ${name}`), { remedy: { type: 'name-tool', builtins: builtins.map((t) => t.spec.name), servers: Object.keys(options.servers) } as const });
    }
  }
  const picked = (name: string) => all || options.selection.includes(name);
  const tools: RunnableTool[] = builtins.filter((t) => picked(t.spec.name));
  const connections = new Map<string, Promise<McpConnection>>();
  const cache = new McpToolsCache(options.stateDir);
  const connect = (name: string, config: McpServerConfig) => {
    let connection = connections.get(name);
    if (!connection) {
      // A server that says its tools changed has its cached list asked again at once.
      const onToolsChanged = () => void connection!.then(async (c) => cache.set(config, await c.tools())).catch(() => {});
      connection = connectMcp(name, config, join(options.stateDir, `mcp-${name}.log`), { host: options.host, signIn: options.signIn, onToolsChanged });
      connection.catch(() => connections.delete(name));
      connections.set(name, connection);
    }
    return connection;
  };
  const loadServer = async (server: string, config: McpServerConfig, selection: readonly string[], every: boolean) => {
    const specs = await toolsOf(server, config, selection, cache, () => connect(server, config));
    const wanted = (tool: string) => every || selection.includes(server) || selection.includes(`${server}__${tool}`);
    const added = specs.filter((s) => wanted(s.name) && !tools.some((t) => t.spec.name === `${server}__${s.name}`)).map((spec) => mcpTool(server, spec, () => connect(server, config), options.builtin.timeoutMs));
    tools.push(...added);
    return added;
  };
  for (const [server, config] of Object.entries(options.servers)) {
    if (!all && !options.selection.some((n) => n === server || n.startsWith(`${server}__`))) continue;
    await loadServer(server, config, options.selection, all);
  }
  return {
    tools,
    find: (name) => tools.find((t) => t.spec.name === name),
    server: async (name) => {
      const config = options.servers[name];
      if (!config) throw new UsageError(`no MCP server named ${name}`, `servers: ${Object.keys(options.servers).join(', ') || 'none'}`);
      return connect(name, config);
    },
    enable: async (name) => {
      const config = options.servers[name];
      if (!config) throw new UsageError(`no MCP server named ${name}`, `servers: ${Object.keys(options.servers).join(', ') || 'none'}`);
      return loadServer(name, config, [name], true);
    },
    rootsChanged: async () => {
      await Promise.all([...connections.values()].map((c) => c.then((x) => x.rootsChanged(), () => {})));
    },
    close: async () => {
      await Promise.all([...connections.values()].map((c) => c.then((x) => x.close(), () => {})));
    },
  };
}

/** One MCP tool under its full name; its images go to the runner for a model that takes them. */
function mcpTool(server: string, spec: ToolSpec, connect: () => Promise<McpConnection>, timeoutMs: number): RunnableTool {
  return {
    spec: { ...spec, name: `${server}__${spec.name}` } satisfies ToolSpec,
    source: server,
    run: async (args, signal, run) => {
      const output = await (await connect()).call(spec.name, args, { timeoutMs, signal, onProgress: run?.onProgress });
      if (output.images.length > 0) run?.onImages?.(output.images, output.media.filter((m) => m.startsWith('[image')));
      return output.text;
    },
  };
}

/**
 * A server's tools, from the cache when fresh. A `-T SERVER__TOOL` the list lacks asks the
 * live server again before refusing, and the refusal says which tool is missing and why it may be.
 */
async function toolsOf(server: string, config: McpServerConfig, selection: readonly string[], cache: McpToolsCache, connect: () => Promise<McpConnection>): Promise<ToolSpec[]> {
  const named = selection.filter((n) => n.startsWith(`${server}__`)).map((n) => n.slice(server.length + 2));
  const missing = (specs: ToolSpec[]) => named.filter((tool) => !specs.some((s) => s.name === tool));
  let specs = await cache.get(config);
  if (!specs || missing(specs).length > 0) {
    specs = await (await connect()).tools();
    await cache.set(config, specs);
  }
  const absent = missing(specs);
  if (absent.length > 0) {
    throw new UsageError(
      `MCP server ${server} offers no tool named ${absent.join(', ')}: its tools are ${specs.map((s) => s.name).join(', ') || 'none'}`,
      'a server may show a tool only after something else (a setting, a login, another call); its log may say why',
    );
  }
  return specs;
}
