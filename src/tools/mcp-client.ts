import { createWriteStream, type WriteStream } from 'node:fs';
import { G4fError } from '../ground/errors.js';
import type { ToolSpec } from '../ground/types.js';
import type { McpServerConfig } from './mcp-config.js';

/** Bounds of every exchange with a server: a hang is an error naming it, never a hang of ours. */
export const MCP_CONNECT_MS = 10_000;
export const MCP_LIST_MS = 10_000;

export interface McpConnection {
  tools(): Promise<ToolSpec[]>;
  call(name: string, args: Record<string, unknown>, timeoutMs: number, signal: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

export class McpServerError extends G4fError {
  override name = 'McpServerError';
  constructor(server: string, what: string, cause?: unknown) {
    super(`MCP server ${server}: ${what}`, { code: 'mcp', hint: `check it with: g4f-chat mcp list (its log: the state folder's mcp-${server}.log)`, cause });
  }
}

/**
 * Connects to one server with @modelcontextprotocol/sdk (loaded only now): stdio with the
 * server's stderr in `logPath`, or Streamable HTTP, falling back to the older SSE transport
 * when the URL answers that way.
 */
export async function connectMcp(name: string, config: McpServerConfig, logPath: string): Promise<McpConnection> {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const client = new Client({ name: 'g4f-chat', version: '1' });
  let log: WriteStream | undefined;
  const bounded = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new McpServerError(name, `no answer to ${what} within ${ms / 1000}s`)), ms);
      work.then(resolve, (error: unknown) => reject(error instanceof McpServerError ? error : new McpServerError(name, `${what} failed: ${(error as Error).message}`, error))).finally(() => clearTimeout(timer));
    });
  if ('command' in config) {
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const transport = new StdioClientTransport({ command: config.command, args: config.args ?? [], env: { ...inheritedEnv(), ...config.env }, cwd: config.cwd, stderr: 'pipe' });
    log = createWriteStream(logPath, { flags: 'a', mode: 0o600 });
    log.on('error', () => {});
    transport.stderr?.pipe(log);
    await bounded(client.connect(transport), MCP_CONNECT_MS, 'connect');
  } else {
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const requestInit = { headers: config.headers ?? {} };
    try {
      await bounded(client.connect(new StreamableHTTPClientTransport(new URL(config.url), { requestInit })), MCP_CONNECT_MS, 'connect');
    } catch {
      // An older server speaks SSE at the same address.
      const { SSEClientTransport } = await import('@modelcontextprotocol/sdk/client/sse.js');
      await bounded(client.connect(new SSEClientTransport(new URL(config.url), { requestInit })), MCP_CONNECT_MS, 'connect');
    }
  }
  return {
    tools: async () => {
      const listed = await bounded(client.listTools(undefined, { timeout: MCP_LIST_MS }), MCP_LIST_MS + 500, 'tools/list');
      return listed.tools.map((tool) => ({ name: tool.name, description: tool.description ?? '', parameters: (tool.inputSchema as Record<string, unknown>) ?? { type: 'object', properties: {} } }));
    },
    call: async (tool, args, timeoutMs, signal) => {
      const result = await bounded(client.callTool({ name: tool, arguments: args }, undefined, { timeout: timeoutMs, signal }), timeoutMs + 500, `tools/call ${tool}`);
      return resultText(result as { content?: unknown; isError?: unknown; structuredContent?: unknown });
    },
    close: async () => {
      await client.close().catch(() => {});
      log?.end();
    },
  };
}

/** A call's content as text for the model: text parts as they are, others named. */
function resultText(result: { content?: unknown; isError?: unknown; structuredContent?: unknown }): string {
  const parts = Array.isArray(result.content) ? (result.content as Array<{ type?: unknown; text?: unknown; mimeType?: unknown }>) : [];
  const text = parts.map((p) => (p?.type === 'text' ? String(p.text ?? '') : `[${String(p?.type)} ${typeof p?.mimeType === 'string' ? p.mimeType : ''}]`.trim())).join('\n');
  const body = text || (result.structuredContent !== undefined ? JSON.stringify(result.structuredContent) : '');
  return result.isError === true ? `error: ${body}` : body;
}

/** The SDK's own default environment for servers: a few variables, not every secret we hold. */
function inheritedEnv(): Record<string, string> {
  const keep = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'LANG', 'TMPDIR'];
  const env: Record<string, string> = {};
  for (const name of keep) if (process.env[name]) env[name] = process.env[name]!;
  return env;
}
