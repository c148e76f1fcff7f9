import type { Command } from 'commander';
import { Option } from 'commander';
import { addChatOptions, addProviderOptions } from './program-options.js';
import { byteSize, httpURL, numberIn } from './option-parsers.js';

/** Each command's options and its lazily loaded implementation, by name. */
export const COMMANDS: Record<string, (program: Command) => void> = {
  ask(program) {
    addChatOptions(program.command('ask').description('ask one question; the answer streams to stdout').argument('[prompt...]', 'the question (piped stdin comes first, then a blank line, then this)'))
      .option('--json', 'print one JSON object at the end instead of streaming: text, provider, model, finishReason, usage, attempts')
      .option('--no-stdin', 'never read stdin, even when it is not a terminal (for loops: while read f; do g4f-chat ask --no-stdin "…"; done)')
      .addOption(new Option('--max-input <size>', 'most piped input read, e.g. 5M (default: 1M); more is refused before any request').argParser(byteSize))
      .addHelpText(
        'after',
        `
Piped stdin comes first, then a blank line, then the prompt. ask waits for the end of piped
input (slow-command | g4f-chat ask "summarize" works); in a loop that reads stdin itself, use
--no-stdin or < /dev/null so each ask does not swallow the rest:
  while read -r f; do g4f-chat ask --no-stdin "summarize $f"; done < list.txt`,
      )
      .action(async (words: string[], flags) => {
        const { runAsk } = await import('./commands/ask.js');
        process.exitCode = await runAsk(words, flags);
      });
  },
  chat(program) {
    addChatOptions(program.command('chat').description('interactive chat: streams answers, Ctrl-C stops one, Ctrl-D leaves'))
      .action(async (flags) => {
        const { runChat } = await import('./commands/chat.js');
        process.exitCode = await runChat(flags);
      });
  },
  serve(program) {
    program
      .command('serve')
      .description('an OpenAI-compatible server in front of every provider, for editors, scripts and SDKs')
      .option('--host <host>', 'address to bind (default: 127.0.0.1; others need --api-key or --insecure)', '127.0.0.1')
      .addOption(new Option('--port <port>', 'port (default: 1337; 0 picks a free one)').argParser(numberIn(0, 65_535, true)).default(1337))
      .option('-p, --provider <id>', 'provider chain for model "auto" (default: auto)')
      .option('--api-key <token>', 'token clients must send as "Authorization: Bearer <token>"')
      .option('--cors <origin>', 'allow browsers from this origin (Access-Control-Allow-Origin)')
      .option('--insecure', 'bind a non-loopback address without a token')
      .addOption(new Option('--proxy <url>', 'HTTP(S) proxy for upstream requests').argParser(httpURL))
      .addOption(new Option('--timeout <sec>', 'longest upstream silence (default: 60)').argParser(numberIn(0.1, 3600)))
      .addOption(new Option('--max-time <sec>', 'longest one provider may take per request (default: 600)').argParser(numberIn(1, 86_400)))
      .addOption(new Option('--retries <n>', 'retries of a failing provider (default: 2)').argParser(numberIn(0, 10, true)))
      .addOption(new Option('--fallback <where>', 'private (default) or public: may a request move from your own providers to public ones').choices(['private', 'public']))
      .addHelpText(
        'after',
        `
Models: "auto" (the chain), "provider/model" (openai/gpt-4o-mini, ollama/llama3.2), or a bare
model name any provider lists. GET /v1/models lists them; GET /health answers ok.
  curl http://127.0.0.1:1337/v1/chat/completions -H 'content-type: application/json' \\
    -d '{"model":"auto","messages":[{"role":"user","content":"hi"}],"stream":true}'
  new OpenAI({ baseURL: 'http://127.0.0.1:1337/v1', apiKey: 'unused' })`,
      )
      .action(async (flags) => {
        const { runServe } = await import('./commands/serve.js');
        process.exitCode = await runServe(flags);
      });
  },
  providers(program) {
    addProviderOptions(program.command('providers').description('list every provider with its metadata, or one in full').argument('[id]', 'show this provider in full'))
      .option('--check', 'probe every usable provider now (about 10 s at most): keyless ones with a one-token chat, others with their model list')
      .option('--deep', 'with --check: a one-token chat request for every provider')
      .option('--json', 'print JSON')
      .action(async (id: string | undefined, flags) => {
        const { runProviders } = await import('./commands/providers.js');
        process.exitCode = await runProviders(id, flags);
      });
  },
  models(program) {
    addProviderOptions(program.command('models').description("list a provider's models, live where its API lists them").argument('[provider]', 'provider id (default: every provider that answers)'))
      .option('--json', 'print JSON')
      .action(async (id: string | undefined, flags) => {
        const { runModels } = await import('./commands/models.js');
        process.exitCode = await runModels(id, flags);
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
  },
};
