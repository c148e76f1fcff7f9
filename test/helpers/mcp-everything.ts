import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runCli, tempHome } from './run-cli.js';

/** The MCP reference server with every feature (@modelcontextprotocol/server-everything), over stdio. */
export const EVERYTHING = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));

/** Configures the reference server as `ev` in `home`. */
export async function addEverything(home: string): Promise<void> {
  const added = await runCli(['mcp', 'add', 'ev', '--', process.execPath, EVERYTHING, 'stdio'], { home });
  expect(added.code).toBe(0);
}

/** A fresh home with the reference server configured as `ev`. */
export async function everythingHome(): Promise<string> {
  const home = tempHome();
  await addEverything(home);
  return home;
}
