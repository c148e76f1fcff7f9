import type { Command } from 'commander';
import { Option } from 'commander';
import { numberIn } from '../option-parsers.js';

/** `roles`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineRolesCommand(program: Command): void {
  const roles = program
    .command('roles')
    .description('system prompts to reuse with --role: list, show, create, edit, rm')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
A role is a Markdown file in the config folder's roles/ (g4f-chat config path), with optional
front matter: description, provider, model, temperature. Built in: shell, code, explain.
g4f-chat roles create reviewer --system "You review code: bugs first, style last." --model gpt-4o
git diff | g4f-chat ask --role reviewer`,
    )
    .action(async (flags) => {
      process.exitCode = await (await import('./roles.js')).rolesList(flags);
    });
  roles
    .command('list')
    .description('every role (the same as `roles`)')
    .option('--json', 'print JSON')
    .action(async (_flags, command: Command) => {
      process.exitCode = await (await import('./roles.js')).rolesList(command.optsWithGlobals());
    });
  roles
    .command('show')
    .argument('<name>')
    .description('print one role as its file holds it')
    .option('--json', 'print JSON')
    .action(async (name: string, _flags, command: Command) => {
      process.exitCode = await (await import('./roles.js')).rolesShow(name, command.optsWithGlobals());
    });
  roles
    .command('create')
    .argument('<name>')
    .description('a new role: the prompt from --system, piped stdin, or your editor')
    .option('-s, --system <text>', 'the system prompt')
    .option('--description <text>', 'what the role is for')
    .option('-p, --provider <id>', 'provider to use with it')
    .option('-m, --model <name>', 'model to use with it')
    .addOption(new Option('-t, --temperature <n>', 'sampling temperature, 0 to 2').argParser(numberIn(0, 2)))
    .option('--force', 'replace a role file of that name')
    .action(async (name: string, flags) => {
      process.exitCode = await (await import('./roles.js')).rolesCreate(name, flags);
    });
  roles
    .command('edit')
    .argument('<name>')
    .description('open a role in $VISUAL / $EDITOR (a built-in is copied to a file first)')
    .action(async (name: string) => {
      process.exitCode = await (await import('./roles.js')).rolesEdit(name);
    });
  roles
    .command('rm')
    .argument('<name>')
    .description('remove a role file')
    .action(async (name: string) => {
      process.exitCode = await (await import('./roles.js')).rolesRemove(name);
    });
}
