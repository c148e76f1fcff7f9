import { join } from 'node:path';
import { UsageError } from '../ground/errors.js';
import type { Message } from '../ground/types.js';
import { ensurePrivateDir } from '../store/private-files.js';
import { parsePromptArgs, parsePromptName, promptMessages } from '../tools/mcp-prompts.js';
import type { AppContext } from './settings.js';

export { beforeUserTurn } from '../tools/mcp-prompts.js';

/** `ask --mcp-prompt SERVER:PROMPT --arg k=v`: the server started for the prompt and stopped after it. */
export async function promptFromServer(spec: string, argWords: readonly string[], app: AppContext, mcpConfig?: string): Promise<Message[]> {
  const { server, prompt } = parsePromptName(spec);
  const args = parsePromptArgs(argWords);
  const { mcpServers } = await import('./ask-tools.js');
  const servers = await mcpServers(app, mcpConfig);
  const config = servers[server];
  if (!config) throw new UsageError(`no MCP server named ${server} (in --mcp-prompt ${spec})`, 'g4f-chat mcp list; g4f-chat mcp prompts SERVER shows what each offers');
  await ensurePrivateDir(app.paths.state);
  const [{ connectMcp }, { atTerminal, terminalSignIn }] = await Promise.all([import('../tools/mcp-client.js'), import('./mcp-sign-in.js')]);
  const connection = await connectMcp(server, config, join(app.paths.state, `mcp-${server}.log`), { signIn: terminalSignIn(app, { canSignIn: atTerminal() }) });
  try {
    return await promptMessages(connection, server, prompt, args);
  } finally {
    await connection.close();
  }
}
