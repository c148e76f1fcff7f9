import type { ImageInput, ToolSpec } from '../ground/types.js';

/** What a runner may follow of a call while it runs (MCP tools report these; built-ins need not). */
export interface ToolRunOptions {
  /** `notifications/progress` (progress, total) or a status message, for the running call's line. */
  onProgress?: (progress: { progress?: number; total?: number; message?: string }) => void;
  /** Images in the result, for a model that takes images (the text names each one). */
  onImages?: (images: ImageInput[], labels: string[]) => void;
  /**
   * The user said yes to this very call, shown with the real path it touches (not approved
   * ahead): what lets read_file and list_files reach outside the working folder and --roots.
   */
  askedAndApproved?: boolean;
}

/** A tool the model may be offered: its spec under its full name, and how to run it. */
export interface RunnableTool {
  /** `SERVER__TOOL` for MCP tools, the bare name for built-ins; what the model calls. */
  spec: ToolSpec;
  /** Where it comes from, for messages: `built-in` or the MCP server's name. */
  source: string;
  run(args: Record<string, unknown>, signal: AbortSignal, options?: ToolRunOptions): Promise<string>;
  /** The real path a call touches when it is not the path as written (a link): shown beside it. */
  realPath?(args: Record<string, unknown> | string): string | undefined;
}

/** The text of a result as the model sees it: cut past this, with a note it can read. */
export const MAX_RESULT_BYTES = 100 * 1024;

export function boundResult(text: string): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= MAX_RESULT_BYTES) return text;
  const cut = Buffer.from(text).subarray(0, MAX_RESULT_BYTES).toString('utf8').replace(/\uFFFD$/, '');
  return `${cut}\n[result cut: ${bytes} bytes, the first ${MAX_RESULT_BYTES} shown]`;
}
