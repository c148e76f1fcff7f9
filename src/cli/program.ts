import { Command, CommanderError } from 'commander';
import { COMMANDS } from './command-definitions.js';
import { withCommand } from './bare-prompt.js';
import { EXIT } from './exit-codes.js';
import { reportError } from './report-error.js';
import { maskCredentialsInText } from '../ground/redact.js';

/**
 * The commander program. Only the command being run is defined (all of them for the
 * top-level help), so a one-shot `ask` does not pay for the others.
 */
export function buildProgram(version: string, argv: readonly string[] = []): Command {
  const program = new Command();
  program
    .name('g4f-chat')
    .description('Talk to large language models from the terminal: keyless providers first, every major API, no setup.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    // commander echoes option values in its errors: a proxy password must not be one of them.
    .configureOutput({ writeErr: (text) => process.stderr.write(maskCredentialsInText(text)) })
    .configureHelp({ sortSubcommands: false, showGlobalOptions: false });
  program.addHelpText(
    'after',
    `
Examples:
  g4f-chat "Why is the sky blue?"            (the same as: g4f-chat ask "…"; g4f-chat alone opens chat)
  git diff | g4f-chat ask "review this"
  g4f-chat chat -p ollama -m llama3.2
  g4f-chat ask -p openai --base-url http://127.0.0.1:8080/v1 "hello"

Exit codes: 0 ok, 1 the answer failed, 2 usage error, 3 missing or rejected key, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
Environment: OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY, GROQ_API_KEY,
  DEEPSEEK_API_KEY, OPENCODE_API_KEY, OLLAMA_HOST, G4F_CHAT_<ID>_BASE_URL, G4F_CHAT_PROVIDER,
  G4F_CHAT_MODEL, G4F_CHAT_HOME, HTTPS_PROXY, NO_PROXY, NO_COLOR, VISUAL/EDITOR (/edit, roles edit),
  SHELL (ask --shell, !command in chat), FORCE_HYPERLINK=0 (no clickable links).`,
  );

  const wanted = argv.find((arg) => !arg.startsWith('-'));
  const names = wanted && Object.hasOwn(COMMANDS, wanted) ? [wanted] : Object.keys(COMMANDS);
  for (const name of names) COMMANDS[name](program);
  return program;
}

/**
 * Every command: a closed stdout (`| head`) ends the run quietly with 0; any other failure
 * to write the output (ENOBUFS, EIO, a full disk) is said on stderr and exits 1, never
 * silently dropping text.
 */
function watchStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    try {
      process.stderr.write(`g4f-chat: cannot write to stdout: ${error.code ?? error.message}\n`);
    } finally {
      process.exit(EXIT.failed);
    }
  });
}

export async function runProgram(argv: string[], version: string): Promise<void> {
  watchStdout();
  argv = withCommand(argv, Object.keys(COMMANDS), Boolean(process.stdin.isTTY));
  const program = buildProgram(version, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const quietExits = ['commander.helpDisplayed', 'commander.version'];
      process.exitCode = quietExits.includes(error.code) ? EXIT.ok : EXIT.usage;
      if (error.code === 'commander.executeSubCommandAsync') process.exitCode = EXIT.failed;
      return;
    }
    const verbose = argv.includes('--verbose');
    process.exitCode = reportError(error, verbose);
  }
}
