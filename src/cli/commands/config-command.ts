import type { Command } from 'commander';

/** `config`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineConfigCommand(program: Command): void {
  const config = program.command('config').description('defaults: list, get, set, unset, path');
  config
    .command('list')
    .description('every setting and its value')
    .option('--json', 'print JSON')
    .action(async (flags) => {
      process.exitCode = await (await import('./config.js')).configList(flags);
    });
  config
    .command('get')
    .argument('<key>')
    .description('print one setting (exit 1 when unset)')
    .action(async (key: string) => {
      process.exitCode = await (await import('./config.js')).configGet(key);
    });
  config
    .command('set')
    .argument('<key>')
    .argument('<value>')
    .description('set one: provider, model, system, temperature, maxTokens, timeout, maxTime, retries, proxy, markdown, history, fallback, providers.<id>.{baseUrl,keyEnv,defaultModel,models}')
    .action(async (key: string, value: string) => {
      process.exitCode = await (await import('./config.js')).configSet(key, value);
    });
  config
    .command('unset')
    .argument('<key>')
    .description('remove one setting; providers.<id> removes that provider entry')
    .action(async (key: string) => {
      process.exitCode = await (await import('./config.js')).configUnset(key);
    });
  config
    .command('path')
    .description('where config, keys, conversations and input history live (G4F_CHAT_HOME overrides)')
    .action(async () => {
      process.exitCode = await (await import('./config.js')).configPath();
    });
}
