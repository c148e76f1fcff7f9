import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AbortedError, G4fError } from '../ground/errors.js';
import type { McpServerConfig } from './mcp-config.js';
import { CappedLog } from './mcp-log.js';
import type { McpSignIn } from './mcp-oauth.js';

/** Most bytes of one message from a stdio server (the SDK's default, named here so we can say it). */
export const MCP_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export class McpServerError extends G4fError {
  override name = 'McpServerError';
  readonly server: string;
  constructor(server: string, what: string, cause?: unknown) {
    super(`MCP server ${server}: ${what}`, { code: 'mcp', cause });
    this.remedy = { type: 'check-mcp-server', server };
    this.server = server;
  }
}

/** The socket-level codes of an address nobody answers at (as opposed to an HTTP answer). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** The network code under a failed fetch (`TypeError: fetch failed` carries it in `cause`), if any. */
function unreachableCode(error: unknown): string | undefined {
  for (let e = error as { cause?: unknown; code?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth += 1) {
    if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) return e.code;
  }
  return undefined;
}

/**
 * Connects `client` over the server's transport: stdio with stderr into `log`, or Streamable
 * HTTP, falling back to the older SSE transport only when the URL answered (an HTTP error);
 * an address nobody answers at is said as such instead of the SDK's `SSE error: TypeError: fetch failed`.
 * With `signIn`, an HTTP server that answers 401 with OAuth metadata is signed in to (tokens
 * stored, refreshed), unless its configured headers carry an Authorization of the user's own.
 */
export async function connectTransport(client: Client, name: string, config: McpServerConfig, log: CappedLog, env: Record<string, string>, connect: (work: Promise<void>) => Promise<void>, signIn?: McpSignIn): Promise<Transport> {
  if ('command' in config) {
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const transport = new StdioClientTransport({ command: config.command, args: config.args ?? [], env: { ...env, ...config.env }, cwd: config.cwd, stderr: 'pipe', maxBufferSize: MCP_MAX_MESSAGE_BYTES });
    transport.stderr?.pipe(log);
    await connect(client.connect(transport));
    return transport;
  }
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const requestInit = { headers: config.headers ?? {} };
  const url = new URL(config.url);
  const oauth = await import('./mcp-oauth.js');
  const authProvider = signIn && !oauth.sendsAuthorization(config.headers) ? await oauth.StoredOAuthProvider.open(name, config.url, signIn) : undefined;
  try {
    return await oauth.connectSigningIn(client, name, () => new StreamableHTTPClientTransport(url, { requestInit, authProvider }), connect, authProvider, signIn);
  } catch (error) {
    // Ctrl-C during a sign-in stops here, and a server that asked for one speaks this transport: no older one is tried.
    if (error instanceof AbortedError || authProvider?.began) throw error;
    const code = unreachableCode(error);
    if (code) throw new McpServerError(name, `cannot connect to ${config.url} (${code})`, error);
    if (error instanceof McpServerError && !(error.cause instanceof Error && 'code' in error.cause)) throw error;
  }
  // An older server speaks SSE at the same address.
  const { SSEClientTransport } = await import('@modelcontextprotocol/sdk/client/sse.js');
  try {
    return await oauth.connectSigningIn(client, name, () => new SSEClientTransport(url, { requestInit, authProvider }), connect, authProvider, signIn);
  } catch (error) {
    const code = unreachableCode(error);
    throw code ? new McpServerError(name, `cannot connect to ${config.url} (${code})`, error) : error;
  }
}
