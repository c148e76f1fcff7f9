import type { Command } from 'commander';
import { addProviderOptions } from '../program-options.js';

/** `models`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineModelsCommand(program: Command): void {
  addProviderOptions(program.command('models').description("list a provider's models, live where its API lists them").argument('[provider]', 'provider id (default: every provider that answers)'))
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, flags) => {
      const { runModels } = await import('./models.js');
      process.exitCode = await runModels(id, flags);
    });
}
