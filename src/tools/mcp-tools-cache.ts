import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from '../store/file-lock.js';
import { ensurePrivateDir, writePrivateFileAtomic } from '../store/private-files.js';
import type { ToolSpec } from '../ground/types.js';
import type { McpServerConfig } from './mcp-config.js';

/** A server's tool list is asked again after this long, or at once when its configuration changes. */
const FRESH_MS = 24 * 3600 * 1000;

/**
 * `tools/list` answers kept in the state folder, keyed by a hash of the server's whole
 * configuration, so a run whose model calls none of a server's tools never starts it.
 */
export class McpToolsCache {
  private readonly path: string;
  constructor(private readonly stateDir: string) {
    this.path = join(stateDir, 'mcp-tools-cache.json');
  }

  static keyOf(config: McpServerConfig): string {
    // `v2`: lists asked since every capability (sampling, elicitation, roots) is offered; a server shows more tools then.
    return createHash('sha256').update(`v2${JSON.stringify(config)}`).digest('hex').slice(0, 32);
  }

  async get(config: McpServerConfig): Promise<ToolSpec[] | undefined> {
    const entry = (await this.read())[McpToolsCache.keyOf(config)];
    return entry && Date.now() - entry.at < FRESH_MS ? entry.tools : undefined;
  }

  async set(config: McpServerConfig, tools: ToolSpec[]): Promise<void> {
    await ensurePrivateDir(this.stateDir);
    await withFileLock(this.path, async () => {
      const all = await this.read();
      all[McpToolsCache.keyOf(config)] = { at: Date.now(), tools };
      await writePrivateFileAtomic(this.path, JSON.stringify(all));
    });
  }

  private async read(): Promise<Record<string, { at: number; tools: ToolSpec[] }>> {
    try {
      const json = JSON.parse(await readFile(this.path, 'utf8')) as unknown;
      return json && typeof json === 'object' ? (json as Record<string, { at: number; tools: ToolSpec[] }>) : {};
    } catch {
      return {};
    }
  }
}
