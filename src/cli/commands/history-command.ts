import type { Command } from 'commander';
import { Option } from 'commander';
import { numberIn } from '../option-parsers.js';
import { showOption } from '../program-options.js';

/** `history`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineHistoryCommand(program: Command): void {
  const limit = new Option('-n, --limit <n>', 'how many, newest first (default: a screenful; 0 for all)').argParser(numberIn(0, 1_000_000, true));
  const history = program
    .command('history')
    .description('saved conversations: list, show, search, export, last, rm')
    .addOption(limit)
    .option('--json', 'print JSON')
    .action(async (flags) => {
      const { listHistory } = await import('./history.js');
      process.exitCode = await listHistory(flags);
    });
  history
    .command('list')
    .description('the saved conversations, newest first (the same as `history`)')
    .addOption(new Option('-n, --limit <n>', 'how many (0 for all)').argParser(numberIn(0, 1_000_000, true)))
    .option('--json', 'print JSON')
    .action(async (_flags, command: Command) => {
      const { listHistory } = await import('./history.js');
      process.exitCode = await listHistory(command.optsWithGlobals());
    });
  history
    .command('show')
    .description('print one conversation')
    .argument('<id|name>', 'conversation id (or a prefix of 6 characters or more) or name')
    .option('--json', 'print JSON')
    .addOption(showOption())
    .action(async (id: string, _flags, command: Command) => {
      const { showHistory } = await import('./history.js');
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
      const { searchHistory } = await import('./history.js');
      process.exitCode = await searchHistory(text, command.optsWithGlobals());
    });
  history
    .command('export')
    .description('one conversation as Markdown (default) or JSON')
    .argument('<id|name>', 'conversation id or name')
    .addOption(new Option('--format <format>', 'md or json').choices(['md', 'json']).default('md'))
    .action(async (id: string, flags) => {
      const { exportHistory } = await import('./history.js');
      process.exitCode = await exportHistory(id, flags);
    });
  history
    .command('last')
    .description('the last answer, raw (for pipes: g4f-chat history last | pbcopy)')
    .action(async () => {
      const { lastAnswer } = await import('./history.js');
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
      const { removeHistory } = await import('./history.js');
      process.exitCode = await removeHistory(id, flags);
    });
}
