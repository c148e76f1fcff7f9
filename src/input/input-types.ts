import type { ImageInput } from '../ground/types.js';
import type { McpResourceReader } from './mcp-resource-input.js';

/** A text attached to a message: a file's content, a page reduced to markdown. */
export interface TextAttachment {
  /** The path as given (joined with the file's place in a folder), or the URL. */
  label: string;
  content: string;
  /** The fence's info string when the label does not tell it (a page is markdown). */
  language?: string;
}

export interface ImageAttachment {
  label: string;
  image: ImageInput;
  bytes: number;
}

/** Everything `-f` gathered, in the order given. */
export interface GatheredInput {
  texts: TextAttachment[];
  images: ImageAttachment[];
  /** One line per folder, glob or page: what was included and what was left out. */
  notes: string[];
  /** What was left out for the user's safety, said even when quiet: `skipped docs/a.md: links outside .`. */
  warnings?: string[];
}

/** How attachments are read: where relative paths start, how much text may come, how URLs are fetched. */
export interface GatherOptions {
  cwd: string;
  /** Most bytes of text in all (files, pages); more is refused before any request. */
  maxTextBytes: number;
  /** Most bytes of one image. */
  maxImageBytes: number;
  /** Longest silence of a URL being read: connect, headers, or between chunks. */
  timeoutMs: number;
  /** Longest one URL may take in all, request to last byte (redirects included). */
  maxTimeMs?: number;
  proxy?: string;
  /** Ctrl-C: the read stops and the run ends as interrupted. */
  signal?: AbortSignal;
  /** Reads `-f mcp:SERVER/URI` (the MCP client is in tools/; cli/ hands it in). */
  readMcpResource?: McpResourceReader;
}
