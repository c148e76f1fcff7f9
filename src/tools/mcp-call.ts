import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { McpCallOptions } from './mcp-client.js';

type CallResult = { content?: unknown; isError?: unknown; structuredContent?: unknown };

/**
 * One `tools/call`, its progress notifications reported. A tool the server marks
 * `taskSupport: 'required'` (or `optional`) is called as a task and its status polled until
 * it ends (the SDK's stream); the whole call, polling included, stops at `timeoutMs` or the signal.
 */
export async function callTool(client: Client, name: string, args: Record<string, unknown>, options: McpCallOptions, asTask: boolean): Promise<CallResult> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new Error(`no result within ${options.timeoutMs / 1000}s (--tool-timeout)`)), options.timeoutMs);
  const signal = AbortSignal.any([options.signal, stop.signal]);
  const onprogress = options.onProgress
    ? (p: { progress: number; total?: number; message?: string }) => options.onProgress!({ progress: p.progress, total: p.total, message: p.message })
    : undefined;
  const requestOptions = { timeout: options.timeoutMs, signal, ...(onprogress ? { onprogress } : {}) };
  try {
    if (!asTask) return (await client.callTool({ name, arguments: args }, undefined, requestOptions)) as CallResult;
    for await (const message of client.experimental.tasks.callToolStream({ name, arguments: args }, undefined, { ...requestOptions, task: {} })) {
      if (message.type === 'taskStatus' && message.task.statusMessage) options.onProgress?.({ message: message.task.statusMessage });
      if (message.type === 'result') return message.result as CallResult;
      if (message.type === 'error') throw message.error;
    }
    throw new Error('the task ended without a result');
  } finally {
    clearTimeout(timer);
  }
}
