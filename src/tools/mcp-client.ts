import { AbortedError } from '../ground/errors.js';
import type { ImageInput, ToolSpec } from '../ground/types.js';
import type { McpResourceContents } from '../input/mcp-resource-input.js';
import type { McpServerConfig } from './mcp-config.js';
import type { ToolOutput } from './mcp-content.js';
import { connectionOf, type Bounded } from './mcp-connection.js';
import type { McpHost, ToolProgress } from './mcp-host.js';
import { CappedLog } from './mcp-log.js';
import type { McpSignIn } from './mcp-oauth.js';
import { answerServerRequests, CLIENT_CAPABILITIES } from './mcp-requests.js';
import { connectTransport, MCP_MAX_MESSAGE_BYTES, McpServerError } from './mcp-transport.js';

export { McpServerError } from './mcp-transport.js';

/** Bounds of every exchange with a server: a hang is an error naming it, never a hang of ours. */
export const MCP_CONNECT_MS = 10_000;
export { MCP_LIST_MS } from './mcp-connection.js';

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
  const { client, log, failure, bounded } = await startClient(name, logPath, options);
  const inherited = inheritedEnv();
  await connectTransport(client, name, config, log, inherited, (work) => bounded(work, MCP_CONNECT_MS, 'connect'), options.signIn).catch(async (error: unknown) => {
    log.end();
    // Ctrl-C while a sign-in was awaited is the user's stop, not the server's failure.
    throw error instanceof AbortedError ? error : failure(error, 'connect');
  });
  return connectionOf(client, bounded, log);
}

/** A client not yet connected: the server's requests answered, its log kept, each of our requests bounded. */
async function startClient(name: string, logPath: string, options: ConnectOptions) {
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
  const bounded: Bounded = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new McpServerError(name, `no answer to ${what} within ${ms / 1000}s`)), ms);
      work.then(resolve, (error: unknown) => reject(failure(error, what))).finally(() => clearTimeout(timer));
    });
  return { client, log, failure, bounded };
}

/** The SDK's own default environment for servers: a few variables, not every secret we hold. */
function inheritedEnv(): Record<string, string> {
  const keep = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'LANG', 'TMPDIR'];
  const env: Record<string, string> = {};
  for (const name of keep) if (process.env[name]) env[name] = process.env[name]!;
  return env;
}
