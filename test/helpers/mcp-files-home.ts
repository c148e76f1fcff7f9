import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runCli, tempHome } from './run-cli.js';

/** The filesystem MCP server of the tests (on @modelcontextprotocol/sdk, stdio). */
export const MCP_FILES_FIXTURE = fileURLToPath(new URL('../fixtures/mcp-files-server.mjs', import.meta.url));

/** A folder with notes.txt ("buy milk"), and a home whose mcp.json has the files server over it. */
export async function mcpFilesHome(env: Record<string, string> = {}): Promise<{ home: string; folder: string }> {
  const home = tempHome();
  const folder = join(home, 'work');
  mkdirSync(folder);
  writeFileSync(join(folder, 'notes.txt'), 'buy milk\n');
  const envFlags = Object.entries({ MCP_ROOT: folder, ...env }).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  const added = await runCli(['mcp', 'add', 'files', ...envFlags, '--', process.execPath, MCP_FILES_FIXTURE], { home });
  expect(added.code).toBe(0);
  return { home, folder };
}
