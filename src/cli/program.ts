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
