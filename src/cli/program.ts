import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes.js';
import { numberIn, httpURL } from './option-parsers.js';
import { reportError } from './report-error.js';

/** Options every provider-facing command takes. */
function addProviderOptions(command: Command): Command {
  return command
    .option('-p, --provider <id>', 'provider id, a comma-separated chain (a,b,c), or auto (default: auto)')
    .option('-m, --model <name>', "model name (default: the provider's default)")
    .addOption(new Option('--base-url <url>', "replace the provider's base URL (any server speaking its protocol)").argParser(httpURL))
    .option('--api-key <key>', 'API key for the chosen provider (environment variables are safer: this shows in ps and shell history)')
    .addOption(new Option('--proxy <url>', 'HTTP(S) proxy for every request (default: HTTPS_PROXY / HTTP_PROXY, honouring NO_PROXY)').argParser(httpURL))
    .addOption(new Option('--timeout <sec>', 'longest silence allowed: connect, headers, or between chunks (default: 60)').argParser(numberIn(0.1, 3600)))
    .addOption(new Option('--retries <n>', 'retries of a failing provider before the next one (default: 2)').argParser(numberIn(0, 10, true)))
    .option('--verbose', 'show providers tried, retries and error details (secrets redacted)')
    .option('--no-color', 'no colour (also: NO_COLOR=1)');
}

function addChatOptions(command: Command): Command {
  return addProviderOptions(command)
    .option('-s, --system <text>', 'system prompt')
    .addOption(new Option('-t, --temperature <n>', 'sampling temperature, 0 to 2').argParser(numberIn(0, 2)))
    .addOption(new Option('--max-tokens <n>', 'most tokens in the answer').argParser(numberIn(1, 10_000_000, true)))
    .option('--no-stream', 'ask for the whole answer at once instead of streaming')
    .option('-q, --quiet', 'no spinner, no status lines')
    .option('--raw', 'no markdown styling in a terminal')
    .option('--no-history', 'do not save this conversation')
    .option('-c, --continue', 'continue the most recent conversation')
    .option('--session <name>', 'use (or create) the named conversation');
}

export function buildProgram(version: string): Command {
  const program = new Command();
  program
    .name('g4f-chat')
    .description('Talk to large language models from the terminal: keyless providers first, every major API, no setup.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: false });
  program.addHelpText(
    'after',
    `
Examples:
  g4f-chat ask "Why is the sky blue?"
  git diff | g4f-chat ask "review this"
  g4f-chat chat -p ollama -m llama3.2
  g4f-chat ask -p openai --base-url http://127.0.0.1:8080/v1 "hello"

Exit codes: 0 ok, 1 the answer failed, 2 usage error, 3 missing or rejected key, 130 interrupted.
Environment: OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY, GROQ_API_KEY,
  DEEPSEEK_API_KEY, OPENCODE_API_KEY, OLLAMA_HOST, G4F_CHAT_<ID>_BASE_URL, G4F_CHAT_PROVIDER,
  G4F_CHAT_MODEL, G4F_CHAT_HOME, HTTPS_PROXY, NO_PROXY, NO_COLOR.`,
  );

  addChatOptions(program.command('ask').description('ask one question; the answer streams to stdout').argument('[prompt...]', 'the question (piped stdin comes first, then a blank line, then this)'))
    .option('--json', 'print one JSON object at the end instead of streaming: text, provider, model, finishReason, usage, attempts')
    .action(async (words: string[], flags) => {
      const { runAsk } = await import('./commands/ask.js');
      process.exitCode = await runAsk(words, flags);
    });

  addChatOptions(program.command('chat').description('interactive chat: streams answers, Ctrl-C stops one, Ctrl-D leaves'))
    .action(async (flags) => {
      const { runChat } = await import('./commands/chat.js');
      process.exitCode = await runChat(flags);
    });

  addProviderOptions(program.command('providers').description('list every provider with its metadata, or one in full').argument('[id]', 'show this provider in full'))
    .option('--check', 'probe every usable provider now and show its status and latency')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, flags) => {
      const { runProviders } = await import('./commands/providers.js');
      process.exitCode = await runProviders(id, flags);
    });

  addProviderOptions(program.command('models').description("list a provider's models, live where its API lists them").argument('[provider]', 'provider id (default: every provider that answers)'))
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, flags) => {
      const { runModels } = await import('./commands/models.js');
      process.exitCode = await runModels(id, flags);
    });

  const history = program
    .command('history')
    .description('saved conversations: list, show, rm')
    .option('--json', 'print JSON')
    .action(async (flags) => {
      const { listHistory } = await import('./commands/history.js');
      process.exitCode = await listHistory(flags);
    });
  history
    .command('show')
    .description('print one conversation')
    .argument('<id|name>', 'conversation id (or a unique prefix) or name')
    .option('--json', 'print JSON')
    .action(async (id: string, _flags, command: Command) => {
      const { showHistory } = await import('./commands/history.js');
      // `--json` after `show` may be taken by `history` itself; read both.
      process.exitCode = await showHistory(id, command.optsWithGlobals());
    });
  history
    .command('rm')
    .description('remove one conversation (asks first on a terminal)')
    .argument('<id|name>', 'conversation id (or a unique prefix) or name')
    .option('-y, --yes', 'do not ask')
    .action(async (id: string, flags) => {
      const { removeHistory } = await import('./commands/history.js');
      process.exitCode = await removeHistory(id, flags);
    });

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
    .description('set one: provider, model, system, temperature, maxTokens, timeout, retries, proxy, markdown, history')
    .action(async (key: string, value: string) => {
      process.exitCode = await (await import('./commands/config.js')).configSet(key, value);
    });
  config
    .command('unset')
    .argument('<key>')
    .description('remove one setting')
    .action(async (key: string) => {
      process.exitCode = await (await import('./commands/config.js')).configUnset(key);
    });
  config
    .command('path')
    .description('where config, keys, conversations and input history live (G4F_CHAT_HOME overrides)')
    .action(async () => {
      process.exitCode = await (await import('./commands/config.js')).configPath();
    });

  const keys = program.command('keys').description('API keys stored for providers (environment variables win)');
  keys
    .command('set')
    .argument('<provider>')
    .description('store a key: hidden input on a terminal, or the first line of stdin')
    .action(async (id: string) => {
      process.exitCode = await (await import('./commands/keys.js')).keysSet(id);
    });
  keys
    .command('list')
    .description('stored keys (masked) and the environment variables set')
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

  return program;
}

export async function runProgram(argv: string[], version: string): Promise<void> {
  const program = buildProgram(version);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const quietExits = ['commander.helpDisplayed', 'commander.version'];
      process.exitCode = quietExits.includes(error.code) ? EXIT.ok : EXIT.usage;
      if (error.code === 'commander.executeSubCommandAsync') process.exitCode = EXIT.failed;
      return;
    }
    const verbose = argv.includes('--verbose');
    process.exitCode = reportError(error, verbose);
  }
}
