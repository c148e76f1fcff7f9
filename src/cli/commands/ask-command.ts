import type { Command } from 'commander';
import { addChatOptions, addToolOptions, showOption } from '../program-options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `ask`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineAskCommand(program: Command): void {
  addToolOptions(addChatOptions(program.command('ask').description('ask one question; the answer streams to stdout').argument('[prompt...]', 'the question (piped stdin comes first, then a blank line, then this)')))
    .option('--json', 'print one JSON object at the end instead of streaming: text, provider, model, finishReason, usage, attempts')
    .option('--no-stdin', 'never read stdin, even when it is not a terminal (for loops: while read f; do g4f-chat ask --no-stdin "…"; done)')
    .option('--shell', 'ask for one shell command; on a terminal it is shown with [e]xecute, [d]escribe, [a]bort, elsewhere only printed')
    .option('--shell-yes', 'with --shell: run the command without asking (it runs as you, with your rights)')
    .option('-y, --yes', 'with --shell: refused, so that a habit from other tools never runs a command unasked (--shell-yes does)')
    .option('--code', 'only code: no prose, no fences (for > file.py)')
    .option('--mcp-prompt <server:prompt>', "put an MCP server's prompt before the question (g4f-chat mcp prompts lists them)")
    .option('--arg <name=value>', 'an argument of --mcp-prompt; repeatable', collect, [])
    .addOption(showOption())
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
      const { runAsk } = await import('./ask.js');
      process.exitCode = await runAsk(words, flags);
    });
}
