import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { McpResourceContents } from '../input/mcp-resource-input.js';
import type { McpConnection } from './mcp-client.js';
import { toolOutput } from './mcp-content.js';
import type { CappedLog } from './mcp-log.js';

/** The bound of every list, read and prompt request: a hang is an error naming it, never a hang of ours. */
export const MCP_LIST_MS = 10_000;

/** A request to the server that fails with words naming it when no answer comes within `ms`. */
export type Bounded = <T>(work: Promise<T>, ms: number, what: string) => Promise<T>;

/** What the chat and the commands ask of a connected server, each request bounded. */
export async function connectionOf(client: Client, bounded: Bounded, log: CappedLog): Promise<McpConnection> {
  const listOptions = { timeout: MCP_LIST_MS };
  let listed = false;
  /** Tools the server runs as tasks (`execution.taskSupport` optional or required). */
  const taskTools = new Set<string>();
  const listTools = async () => {
    const result = await bounded(client.listTools(undefined, listOptions), MCP_LIST_MS + 500, 'tools/list');
    listed = true;
    taskTools.clear();
    for (const tool of result.tools) if (tool.execution?.taskSupport === 'required' || tool.execution?.taskSupport === 'optional') taskTools.add(tool.name);
    return result.tools;
  };
  const { callTool } = await import('./mcp-call.js');
  return {
    tools: async () => (await listTools()).map((tool) => ({ name: tool.name, description: tool.description ?? '', parameters: (tool.inputSchema as Record<string, unknown>) ?? { type: 'object', properties: {} } })),
    call: async (tool, args, call) => {
      // A tool that must run as a task is known from tools/list (the SDK keeps it): ask once.
      if (!listed && client.getServerCapabilities()?.tasks?.requests?.tools?.call) await listTools();
      return toolOutput(await bounded(callTool(client, tool, args, call, taskTools.has(tool) && Boolean(client.getServerCapabilities()?.tasks?.requests?.tools?.call)), call.timeoutMs + 500, `tools/call ${tool}`));
    },
    resources: async () => {
      const can = Boolean(client.getServerCapabilities()?.resources);
      const [resources, templates] = can
        ? await Promise.all([bounded(client.listResources(undefined, listOptions), MCP_LIST_MS + 500, 'resources/list'), bounded(client.listResourceTemplates(undefined, listOptions), MCP_LIST_MS + 500, 'resources/templates/list')])
        : [{ resources: [] }, { resourceTemplates: [] }];
      return {
        resources: resources.resources.map((r) => ({ uri: r.uri, name: r.name, description: r.description, mimeType: r.mimeType })),
        templates: templates.resourceTemplates.map((t) => ({ uri: t.uriTemplate, name: t.name, description: t.description, mimeType: t.mimeType })),
      };
    },
    readResource: async (uri, signal) => (await bounded(client.readResource({ uri }, { ...listOptions, signal }), MCP_LIST_MS + 500, `resources/read ${uri}`)).contents as McpResourceContents[],
    prompts: async () => {
      if (!client.getServerCapabilities()?.prompts) return [];
      const listed = await bounded(client.listPrompts(undefined, listOptions), MCP_LIST_MS + 500, 'prompts/list');
      return listed.prompts.map((p) => ({ name: p.name, description: p.description, arguments: (p.arguments ?? []).map((a) => ({ name: a.name, description: a.description, required: a.required === true })) }));
    },
    getPrompt: async (prompt, args) => {
      const got = await bounded(client.getPrompt({ name: prompt, arguments: args }, listOptions), MCP_LIST_MS + 500, `prompts/get ${prompt}`);
      return got.messages.map((m) => {
        const output = toolOutput({ content: [m.content] });
        return { role: m.role, text: output.text, images: output.images };
      });
    },
    completePrompt: async (prompt, argument, value, context) => {
      if (!client.getServerCapabilities()?.completions) return [];
      // The arguments already given let a server narrow the next one (`context.arguments`).
      const request = { ref: { type: 'ref/prompt' as const, name: prompt }, argument: { name: argument, value }, ...(context && Object.keys(context).length ? { context: { arguments: context } } : {}) };
      const done = await bounded(client.complete(request, listOptions), MCP_LIST_MS + 500, 'completion/complete');
      return done.completion.values;
    },
    rootsChanged: () => client.sendRootsListChanged().catch(() => {}),
    close: async () => {
      await client.close().catch(() => {});
      log.end();
    },
  };
}
