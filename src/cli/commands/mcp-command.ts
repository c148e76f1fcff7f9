import type { Command } from 'commander';

/** `mcp`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineMcpCommand(program: Command): void {
  const mcp = program.command('mcp').description('MCP servers whose tools a model may call (-T NAME): add, list, tools, resources, prompts, login, logout, rm');
  mcp
    .command('add')
    .description('add a server: mcp add NAME -- CMD [ARGS…] (stdio), or mcp add NAME --url URL (Streamable HTTP or SSE)')
    .argument('<name>', 'the name tools are called under (NAME__TOOL)')
    .argument('[command...]', 'the command that starts a stdio server, after --')
    .option('--url <url>', 'an HTTP server')
    .option('--env <NAME=value>', 'an environment variable for the server; repeatable', (v: string, p: string[]) => [...p, v], [])
    .option('--header <"Name: value">', 'a header for an HTTP server; repeatable', (v: string, p: string[]) => [...p, v], [])
    .option('--force', 'replace a server of the same name')
    .action(async (name: string, command: string[], flags) => {
      const { addMcpServer } = await import('./mcp.js');
      process.exitCode = await addMcpServer(name, command, flags);
    });
  mcp
    .command('resources')
    .description("a server's resources and resource templates (every server's without a name); attach one with -f mcp:SERVER/URI")
    .argument('[name]', 'the server')
    .action(async (name: string | undefined) => {
      const { listMcpResources } = await import('./mcp-offers.js');
      process.exitCode = await listMcpResources(name);
    });
  mcp
    .command('prompts')
    .description("a server's prompts and their arguments; use one with ask --mcp-prompt SERVER:PROMPT --arg k=v")
    .argument('[name]', 'the server')
    .action(async (name: string | undefined) => {
      const { listMcpPrompts } = await import('./mcp-offers.js');
      process.exitCode = await listMcpPrompts(name);
    });
  mcp
    .command('list')
    .description('each server, its transport, and its tools (asked live) or why it failed')
    .action(async () => {
      const { listMcpServers } = await import('./mcp.js');
      process.exitCode = await listMcpServers([]);
    });
  mcp
    .command('tools')
    .description("a server's tools with their descriptions (every server's without a name)")
    .argument('[name]', 'one server')
    .action(async (name: string | undefined) => {
      const { listMcpServers } = await import('./mcp.js');
      process.exitCode = await listMcpServers(name ? [name] : [], { descriptions: true });
    });
  mcp
    .command('login')
    .description('sign in to an HTTP server that asks for it (OAuth in your browser); its tokens are kept 0600 in the state folder')
    .argument('<name>', 'the server')
    .action(async (name: string) => {
      const { loginMcpServer } = await import('./mcp-auth.js');
      process.exitCode = await loginMcpServer(name);
    });
  mcp
    .command('logout')
    .description("forget a server's sign-in (its tokens and client registration)")
    .argument('<name>', 'the server')
    .action(async (name: string) => {
      const { logoutMcpServer } = await import('./mcp-auth.js');
      process.exitCode = await logoutMcpServer(name);
    });
  mcp
    .command('rm')
    .description('remove a server')
    .argument('<name>', 'the server')
    .action(async (name: string) => {
      const { removeMcpServer } = await import('./mcp.js');
      process.exitCode = await removeMcpServer(name);
    });
}
