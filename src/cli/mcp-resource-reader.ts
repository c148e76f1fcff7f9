import { join } from 'node:path';
import type { McpResourceReader } from '../input/mcp-resource-input.js';
import { ensurePrivateDir } from '../store/private-files.js';
import { connectMcp } from '../tools/mcp-client.js';
import { loadMcpServers } from '../tools/mcp-config.js';
import { UsageError } from '../ground/errors.js';
import { atTerminal, terminalSignIn } from './mcp-sign-in.js';
import { loadAppContext } from './settings.js';

/** `-f mcp:SERVER/URI`: the server from the user's mcp.json, started for the read and stopped after it. */
export const readMcpResource: McpResourceReader = async (server, uri, signal) => {
  const app = await loadAppContext();
  const servers = await loadMcpServers(join(app.paths.config, 'mcp.json'));
  const config = servers[server];
  if (!config) throw new UsageError(`no MCP server named ${server} (in -f mcp:${server}/…)`, 'g4f-chat mcp list; g4f-chat mcp resources SERVER shows what each offers');
  await ensurePrivateDir(app.paths.state);
  const connection = await connectMcp(server, config, join(app.paths.state, `mcp-${server}.log`), { signIn: terminalSignIn(app, { canSignIn: atTerminal() }) });
  try {
    return await connection.readResource(uri, signal);
  } finally {
    await connection.close();
  }
};
