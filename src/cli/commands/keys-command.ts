import type { Command } from 'commander';

/** `keys`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineKeysCommand(program: Command): void {
  const keys = program.command('keys').description('API keys stored for providers (environment variables win)');
  keys
    .command('set')
    .argument('<provider>')
    .description('store a key: hidden input on a terminal, or the first line of stdin')
    .action(async (id: string) => {
      process.exitCode = await (await import('./keys.js')).keysSet(id);
    });
  keys
    .command('list', { isDefault: true })
    .description('stored keys (masked) and the environment variables set (the same as `keys`)')
    .option('--json', 'print JSON')
    .action(async (flags) => {
      process.exitCode = await (await import('./keys.js')).keysList(flags);
    });
  keys
    .command('rm')
    .argument('<provider>')
    .description('remove a stored key')
    .action(async (id: string) => {
      process.exitCode = await (await import('./keys.js')).keysRemove(id);
    });
}
