import { join } from 'node:path';
import { AbortedError, UsageError, type G4fError } from '../../ground/errors.js';
import { redact } from '../../ground/redact.js';
import { sanitizeLabel } from '../../ground/terminal-safe-text.js';
import { ensurePrivateDir } from '../../store/private-files.js';
import { connectMcp, type McpConnection } from '../../tools/mcp-client.js';
import { loadMcpServers, type McpServerConfig } from '../../tools/mcp-config.js';
import { EXIT } from '../exit-codes.js';
import { atTerminal, terminalSignIn } from '../mcp-sign-in.js';
import { remedyWords } from '../remedy-words.js';
import { loadAppContext, type AppContext } from '../settings.js';

export const mcpFileOf = (app: AppContext) => join(app.paths.config, 'mcp.json');
export const out = (line: string) => process.stdout.write(`${line}\n`);

/** What is said of one server: its heading line, and what it shows once connected. */
export interface ServerVisit {
  heading?(name: string, config: McpServerConfig): string;
  show(name: string, connection: McpConnection, config: McpServerConfig, stateDir: string): Promise<void>;
}

/**
 * The named servers (every one without names), each connected in turn and bounded under its
 * heading (its name unless said); a failure is a line, the others still run. A name that is
 * not configured is refused before any server starts. An HTTP server that asks for a sign-in
 * gets it on a terminal; elsewhere its line names the command that signs in.
 */
export async function eachMcpServer(names: readonly string[], visit: ServerVisit): Promise<number> {
  const app = await loadAppContext();
  const servers = await loadMcpServers(mcpFileOf(app));
  const chosen = names.length > 0 ? names : Object.keys(servers);
  const missing = names.find((name) => !servers[name]);
  if (missing) throw new UsageError(`no MCP server named ${missing}`, 'g4f-chat mcp list');
  if (chosen.length === 0) {
    process.stderr.write('no MCP servers yet: g4f-chat mcp add NAME -- CMD [ARGS…]  or  g4f-chat mcp add NAME --url URL\n');
    return EXIT.ok;
  }
  await ensurePrivateDir(app.paths.state);
  let failed = 0;
  for (const name of chosen) {
    const config = servers[name]!;
    out(visit.heading?.(name, config) ?? name);
    try {
      const connection = await connectMcp(name, config, join(app.paths.state, `mcp-${name}.log`), { signIn: terminalSignIn(app, { canSignIn: atTerminal() }) });
      try {
        await visit.show(name, connection, config, app.paths.state);
      } finally {
        await connection.close();
      }
    } catch (error) {
      // Ctrl-C while a sign-in is awaited stops the command.
      if (error instanceof AbortedError) throw error;
      failed += 1;
      const remedy = (error as G4fError).remedy;
      out(`  failed: ${sanitizeLabel(redact((error as Error).message))}${remedy?.type === 'mcp-login' ? `; ${remedyWords(remedy)}` : ''}`);
    }
  }
  return failed > 0 ? EXIT.failed : EXIT.ok;
}
