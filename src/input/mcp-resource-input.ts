import { UsageError } from '../ground/errors.js';
import type { InputBudget } from './input-budget.js';
import type { GatheredInput } from './input-types.js';
import { decodeText, formatBytes } from './text-bytes.js';

/** One item of a server's `resources/read` answer: text, or base64 bytes with their type. */
export interface McpResourceContents {
  uri: string;
  mimeType?: string;
  text?: string;
  blob?: string;
}

/** Reads `uri` from the configured MCP server `server` (the client lives in tools/, handed in by cli/). */
export type McpResourceReader = (server: string, uri: string, signal: AbortSignal) => Promise<McpResourceContents[]>;

/** `mcp:SERVER/URI`, the way `-f` names a server's resource: `mcp:everything/demo://resource/static/document/architecture.md`. */
export function parseMcpSpec(spec: string): { server: string; uri: string } | undefined {
  const match = /^mcp:([A-Za-z0-9][A-Za-z0-9_-]{0,39})\/(.+)$/.exec(spec);
  return match ? { server: match[1], uri: match[2] } : undefined;
}

const TEXT_TYPE = /^(text\/|application\/(json|xml|javascript|yaml|x-yaml|toml)\b)|\+(json|xml)\b/;
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * A resource attached like a file: text as text (within the same budget as files), an image
 * as an image, other bytes named with their type and size (never pasted as base64).
 */
export async function addMcpResource(
  spec: string,
  read: McpResourceReader | undefined,
  budget: InputBudget,
  gathered: GatheredInput,
  options: { maxImageBytes: number; signal: AbortSignal },
): Promise<void> {
  const target = parseMcpSpec(spec);
  if (!target) throw new UsageError(`${spec} is not an MCP resource: write mcp:SERVER/URI`);
  if (!read) throw new UsageError(`${spec}: MCP resources cannot be attached here`);
  const contents = await read(target.server, target.uri, options.signal);
  if (contents.length === 0) throw new UsageError(`${spec}: the server sent no contents`);
  for (const item of contents) {
    const label = `mcp:${target.server}/${item.uri || target.uri}`;
    if (typeof item.text === 'string') {
      budget.take(Buffer.byteLength(item.text), label);
      gathered.texts.push({ label, content: item.text, ...(item.mimeType === 'text/markdown' ? { language: 'markdown' } : {}) });
      continue;
    }
    const raw = typeof item.blob === 'string' ? Buffer.from(item.blob, 'base64') : Buffer.alloc(0);
    const bytes = raw.length;
    // Text sent as bytes (a text/* or JSON type that decodes as UTF-8) is text.
    const decoded = item.mimeType && TEXT_TYPE.test(item.mimeType) ? decodeText(raw) : undefined;
    if (decoded && 'text' in decoded) {
      budget.take(bytes, label);
      gathered.texts.push({ label, content: decoded.text });
      continue;
    }
    if (item.mimeType && IMAGE_TYPES.has(item.mimeType) && bytes > 0) {
      if (bytes > options.maxImageBytes) throw new UsageError(`${label} is an image of ${formatBytes(bytes)}, over the ${formatBytes(options.maxImageBytes)} limit; nothing was sent`);
      gathered.images.push({ label, image: { mediaType: item.mimeType, data: item.blob! }, bytes });
      continue;
    }
    // Bytes a model cannot read as text are named, so the model knows what was attached.
    gathered.notes.push(`${label}: ${item.mimeType ?? 'binary'} data, ${formatBytes(bytes)}, not sent (only text and images are)`);
    gathered.texts.push({ label, content: `[${item.mimeType ?? 'binary'} data, ${bytes} bytes, not included]` });
  }
}
