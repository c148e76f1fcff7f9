import type { Command } from 'commander';
import { Option } from 'commander';
import { numberIn } from './option-parsers.js';

/** Commands that manage what g4f-chat keeps: conversations, roles, config, keys. */
export const MANAGEMENT_COMMANDS: Record<string, (program: Command) => void> = {
  mcp(program) {
    const mcp = program.command('mcp').description('MCP servers whose tools a model may call (-T NAME): add, list, tools, resources, prompts, rm');
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
        const { addMcpServer } = await import('./commands/mcp.js');
        process.exitCode = await addMcpServer(name, command, flags);
      });
    mcp
      .command('resources')
      .description("a server's resources and resource templates (every server's without a name); attach one with -f mcp:SERVER/URI")
      .argument('[name]', 'the server')
      .action(async (name: string | undefined) => {
        const { listMcpResources } = await import('./commands/mcp-offers.js');
        process.exitCode = await listMcpResources(name);
      });
    mcp
      .command('prompts')
      .description("a server's prompts and their arguments; use one with ask --mcp-prompt SERVER:PROMPT --arg k=v")
      .argument('[name]', 'the server')
      .action(async (name: string | undefined) => {
        const { listMcpPrompts } = await import('./commands/mcp-offers.js');
        process.exitCode = await listMcpPrompts(name);
      });
    mcp
      .command('list')
      .description('each server, its transport, and its tools (asked live) or why it failed')
      .action(async () => {
        const { listMcpServers } = await import('./commands/mcp.js');
        process.exitCode = await listMcpServers([]);
      });
    mcp
      .command('tools')
      .description("a server's tools with their descriptions (every server's without a name)")
      .argument('[name]', 'one server')
      .action(async (name: string | undefined) => {
        const { listMcpServers } = await import('./commands/mcp.js');
        process.exitCode = await listMcpServers(name ? [name] : [], { descriptions: true });
      });
    mcp
      .command('rm')
      .description('remove a server')
      .argument('<name>', 'the server')
      .action(async (name: string) => {
        const { removeMcpServer } = await import('./commands/mcp.js');
        process.exitCode = await removeMcpServer(name);
      });
  },
  history(program) {
    const limit = new Option('-n, --limit <n>', 'how many, newest first (default: a screenful; 0 for all)').argParser(numberIn(0, 1_000_000, true));
    const history = program
      .command('history')
      .description('saved conversations: list, show, search, export, last, rm')
      .addOption(limit)
      .option('--json', 'print JSON')
      .action(async (flags) => {
        const { listHistory } = await import('./commands/history.js');
        process.exitCode = await listHistory(flags);
      });
    history
      .command('list')
      .description('the saved conversations, newest first (the same as `history`)')
      .addOption(new Option('-n, --limit <n>', 'how many (0 for all)').argParser(numberIn(0, 1_000_000, true)))
      .option('--json', 'print JSON')
      .action(async (_flags, command: Command) => {
        const { listHistory } = await import('./commands/history.js');
        process.exitCode = await listHistory(command.optsWithGlobals());
      });
    history
      .command('show')
      .description('print one conversation')
      .argument('<id|name>', 'conversation id (or a prefix of 6 characters or more) or name')
      .option('--json', 'print JSON')
      .action(async (id: string, _flags, command: Command) => {
        const { showHistory } = await import('./commands/history.js');
        // `--json` after `show` may be taken by `history` itself; read both.
        process.exitCode = await showHistory(id, command.optsWithGlobals());
      });
    history
      .command('search')
      .description('conversations containing TEXT (case-insensitive), with snippets')
      .argument('<text>', 'what to look for')
      .addOption(new Option('-n, --limit <n>', 'how many conversations (0 for all)').argParser(numberIn(0, 1_000_000, true)))
      .option('--json', 'print JSON')
      .action(async (text: string, _flags, command: Command) => {
        const { searchHistory } = await import('./commands/history.js');
        process.exitCode = await searchHistory(text, command.optsWithGlobals());
      });
    history
      .command('export')
      .description('one conversation as Markdown (default) or JSON')
      .argument('<id|name>', 'conversation id or name')
      .addOption(new Option('--format <format>', 'md or json').choices(['md', 'json']).default('md'))
      .action(async (id: string, flags) => {
        const { exportHistory } = await import('./commands/history.js');
        process.exitCode = await exportHistory(id, flags);
      });
    history
      .command('last')
      .description('the last answer, raw (for pipes: g4f-chat history last | pbcopy)')
      .action(async () => {
        const { lastAnswer } = await import('./commands/history.js');
        process.exitCode = await lastAnswer();
      });
    history
      .command('rm')
      .description('remove a conversation, those older than an age, or all (asks first on a terminal)')
      .argument('[id|name]', 'conversation id (or a prefix of 6 characters or more) or name')
      .option('--older-than <age>', 'every conversation not updated for this long: 12h, 30d, 2w')
      .option('--all', 'every conversation')
      .option('-y, --yes', 'do not ask')
      .action(async (id: string | undefined, flags) => {
        const { removeHistory } = await import('./commands/history.js');
        process.exitCode = await removeHistory(id, flags);
      });
  },
  roles(program) {
    const roles = program
      .command('roles')
      .description('system prompts to reuse with --role: list, show, create, edit, rm')
      .option('--json', 'print JSON')
      .addHelpText(
        'after',
        `
A role is a Markdown file in the config folder's roles/ (g4f-chat config path), with optional
front matter: description, provider, model, temperature. Built in: shell, code, explain.
  g4f-chat roles create reviewer --system "You review code: bugs first, style last." --model gpt-4o
  git diff | g4f-chat ask --role reviewer`,
      )
      .action(async (flags) => {
        process.exitCode = await (await import('./commands/roles.js')).rolesList(flags);
      });
    roles
      .command('list')
      .description('every role (the same as `roles`)')
      .option('--json', 'print JSON')
      .action(async (_flags, command: Command) => {
        process.exitCode = await (await import('./commands/roles.js')).rolesList(command.optsWithGlobals());
      });
    roles
      .command('show')
      .argument('<name>')
      .description('print one role as its file holds it')
      .option('--json', 'print JSON')
      .action(async (name: string, _flags, command: Command) => {
        process.exitCode = await (await import('./commands/roles.js')).rolesShow(name, command.optsWithGlobals());
      });
    roles
      .command('create')
      .argument('<name>')
      .description('a new role: the prompt from --system, piped stdin, or your editor')
      .option('-s, --system <text>', 'the system prompt')
      .option('--description <text>', 'what the role is for')
      .option('-p, --provider <id>', 'provider to use with it')
      .option('-m, --model <name>', 'model to use with it')
      .addOption(new Option('-t, --temperature <n>', 'sampling temperature, 0 to 2').argParser(numberIn(0, 2)))
      .option('--force', 'replace a role file of that name')
      .action(async (name: string, flags) => {
        process.exitCode = await (await import('./commands/roles.js')).rolesCreate(name, flags);
      });
    roles
      .command('edit')
      .argument('<name>')
      .description('open a role in $VISUAL / $EDITOR (a built-in is copied to a file first)')
      .action(async (name: string) => {
        process.exitCode = await (await import('./commands/roles.js')).rolesEdit(name);
      });
    roles
      .command('rm')
      .argument('<name>')
      .description('remove a role file')
      .action(async (name: string) => {
        process.exitCode = await (await import('./commands/roles.js')).rolesRemove(name);
      });
  },
  config(program) {
    const config = program.command('config').description('defaults: list, get, set, unset, path');
    config
      .command('list')
      .description('every setting and its value')
      .option('--json', 'print JSON')
      .action(async (flags) => {
        process.exitCode = await (await import('./commands/config.js')).configList(flags);
      });
    config
      .command('get')
      .argument('<key>')
      .description('print one setting (exit 1 when unset)')
      .action(async (key: string) => {
        process.exitCode = await (await import('./commands/config.js')).configGet(key);
      });
    config
      .command('set')
      .argument('<key>')
      .argument('<value>')
      .description('set one: provider, model, system, temperature, maxTokens, timeout, maxTime, retries, proxy, markdown, history, fallback, providers.<id>.{baseUrl,keyEnv,defaultModel,models}')
      .action(async (key: string, value: string) => {
        process.exitCode = await (await import('./commands/config.js')).configSet(key, value);
      });
    config
      .command('unset')
      .argument('<key>')
      .description('remove one setting; providers.<id> removes that provider entry')
      .action(async (key: string) => {
        process.exitCode = await (await import('./commands/config.js')).configUnset(key);
      });
    config
      .command('path')
      .description('where config, keys, conversations and input history live (G4F_CHAT_HOME overrides)')
      .action(async () => {
        process.exitCode = await (await import('./commands/config.js')).configPath();
      });
  },
  keys(program) {
    const keys = program.command('keys').description('API keys stored for providers (environment variables win)');
    keys
      .command('set')
      .argument('<provider>')
      .description('store a key: hidden input on a terminal, or the first line of stdin')
      .action(async (id: string) => {
        process.exitCode = await (await import('./commands/keys.js')).keysSet(id);
      });
    keys
      .command('list', { isDefault: true })
      .description('stored keys (masked) and the environment variables set (the same as `keys`)')
      .option('--json', 'print JSON')
      .action(async (flags) => {
        process.exitCode = await (await import('./commands/keys.js')).keysList(flags);
      });
    keys
      .command('rm')
      .argument('<provider>')
      .description('remove a stored key')
      .action(async (id: string) => {
        process.exitCode = await (await import('./commands/keys.js')).keysRemove(id);
      });
  },
};
