import type { Command } from 'commander';
import { Option } from 'commander';
import { addChatOptions, addProviderOptions, addToolOptions } from './program-options.js';
import { httpURL, numberIn } from './option-parsers.js';

const collect = (value: string, previous: string[]) => [...previous, value];
import { MANAGEMENT_COMMANDS } from './management-commands.js';

/** Each command's options and its lazily loaded implementation, by name. */
export const COMMANDS: Record<string, (program: Command) => void> = {
  ask(program) {
    addToolOptions(addChatOptions(program.command('ask').description('ask one question; the answer streams to stdout').argument('[prompt...]', 'the question (piped stdin comes first, then a blank line, then this)')))
      .option('--json', 'print one JSON object at the end instead of streaming: text, provider, model, finishReason, usage, attempts')
      .option('--no-stdin', 'never read stdin, even when it is not a terminal (for loops: while read f; do g4f-chat ask --no-stdin "…"; done)')
      .option('--shell', 'ask for one shell command; on a terminal it is shown with [e]xecute, [d]escribe, [a]bort, elsewhere only printed')
      .option('--shell-yes', 'with --shell: run the command without asking (it runs as you, with your rights)')
      .option('-y, --yes', 'with --shell: refused, so that a habit from other tools never runs a command unasked (--shell-yes does)')
      .option('--code', 'only code: no prose, no fences (for > file.py)')
      .option('--mcp-prompt <server:prompt>', "put an MCP server's prompt before the question (g4f-chat mcp prompts lists them)")
      .option('--arg <name=value>', 'an argument of --mcp-prompt; repeatable', collect, [])
      .addHelpText(
        'after',
        `
Attached files (-f) come first, then piped stdin, then a blank line, then the prompt. ask waits for the end of piped
input (slow-command | g4f-chat ask "summarize" works); in a loop that reads stdin itself, use
--no-stdin or < /dev/null so each ask does not swallow the rest:
  while read -r f; do g4f-chat ask --no-stdin "summarize $f"; done < list.txt
Examples:
  g4f-chat ask -f src/ -f README.md "where is the config read?"
  g4f-chat ask -f https://example.com/page "summarize this page"
  g4f-chat ask -p openai -f screenshot.png "what does this error say?"
  g4f-chat ask --shell "find files over 100 MB here"
  g4f-chat ask --code "python: parse a CSV and print column sums" > sums.py`,
      )
      .action(async (words: string[], flags) => {
        const { runAsk } = await import('./commands/ask.js');
        process.exitCode = await runAsk(words, flags);
      });
  },
  chat(program) {
    addToolOptions(addChatOptions(program.command('chat').description('interactive chat: streams answers, Ctrl-C stops one, Ctrl-D leaves')))
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
      .option('--allow-origin <origin>', 'let web pages of this origin use the server (loopback pages always may; "*" any page); repeatable', collect, [])
      .option('--allow-host <name>', 'answer requests whose Host is this name (besides localhost and the address listened on; "*" any); repeatable', collect, [])
      .addOption(new Option('--cors <origin>').hideHelp())
      .addOption(new Option('--idle-timeout <sec>', 'close a connection that sends nothing, or not its whole headers, within this (default: 10)').argParser(numberIn(0.1, 3600)))
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
Browsers: a request is refused (403) when its Host is not localhost, 127.0.0.1, [::1], the address
listened on or an --allow-host name, or when it comes from a web page whose origin is not a
loopback one or an --allow-origin one; every POST needs Content-Type: application/json (415).
Bounds: a connection that sends nothing, or not its whole headers, within --idle-timeout (10 s)
is closed; an idle kept-alive connection after 5 s; a whole request (body up to 16 MiB) must
arrive within 120 s. An answer itself is bounded by --timeout and --max-time.
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
  ...MANAGEMENT_COMMANDS,
};
