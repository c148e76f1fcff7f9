import { Command, Option } from 'commander';
import { byteSize, httpURL, numberIn } from './option-parsers.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Options every provider-facing command takes. */
export function addProviderOptions(command: Command): Command {
  return command
    .option('-p, --provider <id>', 'provider id, a comma-separated chain (a,b,c), or auto (default: auto)')
    .option('-m, --model <name>', "model name (default: the provider's default)")
    .addOption(new Option('--base-url <url>', "replace the provider's base URL (any server speaking its protocol)").argParser(httpURL))
    .option('--api-key <key>', 'API key for the chosen provider (environment variables are safer: this shows in ps and shell history)')
    .addOption(new Option('--proxy <url>', 'HTTP(S) proxy for every request (default: HTTPS_PROXY / HTTP_PROXY, honouring NO_PROXY)').argParser(httpURL))
    .addOption(new Option('--timeout <sec>', 'longest silence allowed: connect, headers, or between chunks (default: 60)').argParser(numberIn(0.1, 3600)))
    .addOption(new Option('--first-byte-timeout <sec>', 'longest wait for a streamed answer that has sent nothing yet, before trying the next provider (default: 15)').argParser(numberIn(0.1, 3600)))
    .addOption(new Option('--chain-timeout <sec>', 'longest the whole provider chain may take before an answer begins (default: 60)').argParser(numberIn(1, 86_400)))
    .addOption(new Option('--max-time <sec>', 'longest one provider may take in all, request to last byte (default: 600)').argParser(numberIn(1, 86_400)))
    .addOption(new Option('--fallback <where>', 'private: never move a prompt from your own providers to public ones (default); public: allow it').choices(['private', 'public']))
    .addOption(new Option('--retries <n>', 'retries of a failing provider before the next one (default: 2)').argParser(numberIn(0, 10, true)))
    .option('--verbose', 'show providers tried, retries and error details (secrets redacted)')
    .option('--no-color', 'no colour (also: NO_COLOR=1)');
}

export function addChatOptions(command: Command): Command {
  return addProviderOptions(command)
    .option('-s, --system <text>', 'system prompt')
    .addOption(new Option('-t, --temperature <n>', 'sampling temperature, 0 to 2').argParser(numberIn(0, 2)))
    .addOption(new Option('--max-tokens <n>', 'most tokens in the answer').argParser(numberIn(1, 10_000_000, true)))
    .option('--no-stream', 'ask for the whole answer at once instead of streaming')
    .option('-q, --quiet', 'no spinner, no status lines')
    .option('--raw', 'no markdown styling in a terminal')
    .option('--no-history', 'do not save this conversation')
    .option('-c, --continue', 'continue the most recent conversation')
    .option('--session <name>', 'use (or create) the named conversation')
    .option('-f, --file <path|url>', 'attach a file, folder (honouring .gitignore), quoted glob, URL or image; repeatable', collect, [])
    .option('--role <name>', 'use a role: its system prompt, and model if it names one (g4f-chat roles)')
    .addOption(new Option('--max-input <size>', 'most text input in all (stdin, files, pages), e.g. 5M (default: 1M); more is refused before any request').argParser(byteSize));
}


const collectList = (value: string, previous: string[]) => [...previous, value];

/** Tools a model may call, on ask and chat (tools.md: -T, --tools, --approve, the loop's bounds). */
export function addToolOptions(command: Command): Command {
  return command
    .option('-T, --tool <name>', 'offer a tool: read_file, list_files, fetch_url, run_command, an MCP server (all its tools) or SERVER__TOOL; repeatable', collectList, [])
    .option('--tools', 'offer every built-in tool and every configured MCP server')
    .option('--approve <name>', 'run this tool (or server, or "all") without asking; repeatable', collectList, [])
    .option('--root <dir>', 'a folder read_file and list_files may look in besides the working folder (and MCP servers are told of); repeatable', collectList, [])
    .addOption(new Option('--max-steps <n>', 'N model turns whose tool calls run; if the model still asks for calls after those, stop with exit 1 (default: 10)').argParser(numberIn(1, 100, true)))
    .addOption(new Option('--tool-timeout <sec>', 'longest one tool call may take (default: 60)').argParser(numberIn(1, 3600)))
    .option('--mcp-config <file>', 'MCP servers from this file too, for this run (mcpServers format)');
}

/** `--show`: how a terminal draws pictures (an answer's, a tool's, a saved conversation's). */
export function showOption(): Option {
  return new Option('--show <how>', 'how a terminal draws pictures (default: detected from the terminal; none: saved only)').choices(['kitty', 'iterm', 'sixel', 'blocks', 'none']);
}
