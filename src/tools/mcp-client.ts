import { AbortedError } from '../ground/errors.js';
import type { ImageInput, ToolSpec } from '../ground/types.js';
import type { McpResourceContents } from '../input/mcp-resource-input.js';
import type { McpServerConfig } from './mcp-config.js';
import { toolOutput, type ToolOutput } from './mcp-content.js';
import type { McpHost, ToolProgress } from './mcp-host.js';
import { CappedLog } from './mcp-log.js';
import type { McpSignIn } from './mcp-oauth.js';
import { answerServerRequests, CLIENT_CAPABILITIES } from './mcp-requests.js';
import { connectTransport, MCP_MAX_MESSAGE_BYTES, McpServerError } from './mcp-transport.js';

export { McpServerError } from './mcp-transport.js';

/** Bounds of every exchange with a server: a hang is an error naming it, never a hang of ours. */
export const MCP_CONNECT_MS = 10_000;
export const MCP_LIST_MS = 10_000;

export interface McpCallOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** `notifications/progress` of this call, and a task's status messages. */
  onProgress?: (progress: ToolProgress) => void;
}

export interface McpResourceInfo {
  uri: string;
  name: string;
  description?: string;
  mimeType?: string;
}

export interface McpPromptInfo {
  name: string;
  description?: string;
  arguments: Array<{ name: string; description?: string; required: boolean }>;
}

export interface McpPromptMessage {
  role: 'user' | 'assistant';
  text: string;
  /** Image content of the message, for a model that takes images (the text names each one). */
  images: ImageInput[];
}

export interface McpConnection {
  tools(): Promise<ToolSpec[]>;
  call(name: string, args: Record<string, unknown>, options: McpCallOptions): Promise<ToolOutput>;
  resources(): Promise<{ resources: McpResourceInfo[]; templates: McpResourceInfo[] }>;
  readResource(uri: string, signal?: AbortSignal): Promise<McpResourceContents[]>;
  prompts(): Promise<McpPromptInfo[]>;
  getPrompt(name: string, args: Record<string, string>): Promise<McpPromptMessage[]>;
  /** The server's completion of a prompt argument (`completion/complete`); none when it offers none. */
  completePrompt(prompt: string, argument: string, value: string, context?: Record<string, string>): Promise<string[]>;
  /** Tells the server its roots changed (`notifications/roots/list_changed`). */
  rootsChanged(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  host?: McpHost;
  /** How an HTTP server's OAuth sign-in may happen (stored tokens, refresh, a browser); without it none is tried. */
  signIn?: McpSignIn;
  /** The server said its tool list changed (`notifications/tools/list_changed`). */
  onToolsChanged?: () => void;
}

/**
 * Connects to one server with @modelcontextprotocol/sdk (loaded only now). Its stderr and its
 * log messages go to `logPath` (capped); it may ask us for sampling, elicitation and roots,
 * answered through `options.host`.
 */
export async function connectMcp(name: string, config: McpServerConfig, logPath: string, options: ConnectOptions = {}): Promise<McpConnection> {
  const [{ Client }, sdk] = await Promise.all([import('@modelcontextprotocol/sdk/client/index.js'), import('@modelcontextprotocol/sdk/types.js')]);
  const client = new Client({ name: 'g4f-chat', version: '1' }, { capabilities: CLIENT_CAPABILITIES });
  const log = new CappedLog(logPath);
  // The SDK's stdio read buffer reports an oversized message only in its error's text, then
  // parses the rest of that message as more (failing) lines and closes: the first one tells.
  let oversized = false;
  client.onerror = (error) => {
    if (/exceeded maximum size/.test(error.message)) oversized = true;
  };
  answerServerRequests(client, sdk, name, options.host ?? {});
  client.setNotificationHandler(sdk.LoggingMessageNotificationSchema, (note) => {
    const data = typeof note.params.data === 'string' ? note.params.data : JSON.stringify(note.params.data);
    log.line(`[${note.params.level}]${note.params.logger ? ` ${note.params.logger}:` : ''} ${data}`);
  });
  client.setNotificationHandler(sdk.ToolListChangedNotificationSchema, () => options.onToolsChanged?.());

  /** Why a request failed, in words: a connection closed over a too-large message says the size. */
  const failure = (error: unknown, what: string): McpServerError => {
    if (error instanceof McpServerError) return error;
    const closed = error instanceof sdk.McpError && error.code === sdk.ErrorCode.ConnectionClosed;
    if (closed && oversized) {
      return new McpServerError(name, `${what} failed: the server's answer was larger than ${MCP_MAX_MESSAGE_BYTES / 1024 / 1024} MiB, the most one message may be, so the connection was closed`, error);
    }
    return new McpServerError(name, `${what} failed: ${(error as Error).message}`, error);
  };
  const bounded = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new McpServerError(name, `no answer to ${what} within ${ms / 1000}s`)), ms);
      work.then(resolve, (error: unknown) => reject(failure(error, what))).finally(() => clearTimeout(timer));
    });

  const inherited = inheritedEnv();
  await connectTransport(client, name, config, log, inherited, (work) => bounded(work, MCP_CONNECT_MS, 'connect'), options.signIn).catch(async (error: unknown) => {
    log.end();
    // Ctrl-C while a sign-in was awaited is the user's stop, not the server's failure.
    throw error instanceof AbortedError ? error : failure(error, 'connect');
  });
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

/** The SDK's own default environment for servers: a few variables, not every secret we hold. */
function inheritedEnv(): Record<string, string> {
  const keep = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'LANG', 'TMPDIR'];
  const env: Record<string, string> = {};
  for (const name of keep) if (process.env[name]) env[name] = process.env[name]!;
  return env;
}
