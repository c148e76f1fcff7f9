import type { Command } from 'commander';
import { addProviderOptions } from '../program-options.js';

/** `providers`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineProvidersCommand(program: Command): void {
  addProviderOptions(program.command('providers').description('list every provider with its metadata, or one in full').argument('[id]', 'show this provider in full'))
    .option('--check', 'probe every usable provider now (about 10 s at most): keyless ones with a one-token chat, others with their model list')
    .option('--deep', 'with --check: a one-token chat request for every provider')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, flags) => {
      const { runProviders } = await import('./providers.js');
      process.exitCode = await runProviders(id, flags);
    });
}
