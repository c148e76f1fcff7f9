import { join } from 'node:path';
import { AbortedError, UsageError } from '../../ground/errors.js';
import { redact } from '../../ground/redact.js';
import { ensurePrivateDir } from '../../store/private-files.js';
import { connectMcp } from '../../tools/mcp-client.js';
import { loadMcpServers, SERVER_NAME, type McpServerConfig } from '../../tools/mcp-config.js';
import { McpSignInNeededError } from '../../tools/mcp-oauth.js';
import { forgetOAuthRecord, oauthFileOf } from '../../tools/mcp-oauth-store.js';
import { McpToolsCache } from '../../tools/mcp-tools-cache.js';
import { EXIT } from '../exit-codes.js';
import { printWarning } from '../messages.js';
import { atTerminal, terminalSignIn } from '../mcp-sign-in.js';
import { remedyWords } from '../remedy-words.js';
import { loadAppContext, type AppContext } from '../settings.js';

/**
 * `mcp login NAME`: signs in to an HTTP server now, even with tokens stored (they are replaced
 * only once the new sign-in succeeds); the address is shown even without a terminal, where the
 * user opens it themselves. A server that asks for no sign-in is said to.
 */
export async function loginMcpServer(name: string): Promise<number> {
  const app = await loadAppContext();
  const config = (await loadMcpServers(join(app.paths.config, 'mcp.json')))[name];
  if (!config) throw new UsageError(`no MCP server named ${name}`, 'g4f-chat mcp list');
  if ('command' in config) throw new UsageError(`MCP server ${name} is a command (stdio): there is nothing to sign in to`, 'only servers added with --url sign in');
  await ensurePrivateDir(app.paths.state);
  let signedIn = false;
  const signIn = terminalSignIn(app, { canSignIn: true, fresh: true, onSignedIn: () => (signedIn = true) });
  const connection = await connectMcp(name, config, join(app.paths.state, `mcp-${name}.log`), { signIn });
  try {
    const tools = await connection.tools();
    await new McpToolsCache(app.paths.state).set(config, tools);
    process.stderr.write(signedIn ? `signed in to MCP server ${name}; it offers ${tools.length} tool${tools.length === 1 ? '' : 's'}\n` : `MCP server ${name} did not ask for a sign-in; it offers ${tools.length} tool${tools.length === 1 ? '' : 's'}\n`);
  } finally {
    await connection.close();
  }
  return EXIT.ok;
}

/** `mcp logout NAME`: forgets the server's tokens and client registration. */
export async function logoutMcpServer(name: string): Promise<number> {
  // The name becomes a file name: only a server's name is one.
  if (!SERVER_NAME.test(name)) throw new UsageError(`no MCP server named ${name}`, 'g4f-chat mcp list');
  const app = await loadAppContext();
  const configured = name in (await loadMcpServers(join(app.paths.config, 'mcp.json')));
  const forgot = await forgetOAuthRecord(oauthFileOf(app.paths.state, name));
  if (!configured && !forgot) throw new UsageError(`no MCP server named ${name}`, 'g4f-chat mcp list');
  process.stderr.write(forgot ? `signed out of MCP server ${name}: its tokens and client registration are forgotten\n` : `MCP server ${name} had no sign-in stored; nothing to forget\n`);
  return EXIT.ok;
}

/**
 * After `mcp add NAME --url URL`: one bounded connection, so that a server asking for a sign-in
 * gets it now on a terminal; without one, one line names the command that signs in. Any other
 * failure is a warning: the server is added either way.
 */
export async function signInAfterAdd(app: AppContext, name: string, config: Extract<McpServerConfig, { url: string }>): Promise<void> {
  await ensurePrivateDir(app.paths.state);
  let signedIn = false;
  try {
    const signIn = terminalSignIn(app, { canSignIn: atTerminal(), onSignedIn: () => (signedIn = true) });
    const connection = await connectMcp(name, config, join(app.paths.state, `mcp-${name}.log`), { signIn });
    try {
      const tools = await connection.tools();
      await new McpToolsCache(app.paths.state).set(config, tools);
      if (signedIn) process.stderr.write(`signed in to MCP server ${name}; it offers ${tools.length} tool${tools.length === 1 ? '' : 's'}\n`);
    } finally {
      await connection.close();
    }
  } catch (error) {
    if (error instanceof AbortedError) throw error;
    if (error instanceof McpSignInNeededError) process.stderr.write(`MCP server ${name} asks for a sign-in; ${remedyWords(error.remedy!)}\n`);
    else printWarning(`${redact((error as Error).message)} (the server is added; g4f-chat mcp list tries it again)`);
  }
}
