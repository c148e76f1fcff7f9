import type { ToolSpec } from '../ground/types.js';

/** A tool the model may be offered: its spec under its full name, and how to run it. */
export interface RunnableTool {
  /** `SERVER__TOOL` for MCP tools, the bare name for built-ins; what the model calls. */
  spec: ToolSpec;
  /** Where it comes from, for messages: `built-in` or the MCP server's name. */
  source: string;
  run(args: Record<string, unknown>, signal: AbortSignal): Promise<string>;
}

/** The text of a result as the model sees it: cut past this, with a note it can read. */
export const MAX_RESULT_BYTES = 100 * 1024;

export function boundResult(text: string): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= MAX_RESULT_BYTES) return text;
  const cut = Buffer.from(text).subarray(0, MAX_RESULT_BYTES).toString('utf8').replace(/\uFFFD$/, '');
  return `${cut}\n[result cut: ${bytes} bytes, the first ${MAX_RESULT_BYTES} shown]`;
}
