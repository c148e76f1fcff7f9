import { spawn } from 'node:child_process';
import type { AnswerResult } from '../../core/answer/answer.js';
import { describeCommandPrompt } from '../../store/builtin-roles.js';
import type { ChainLink } from '../../core/chain/chain.js';
import { extractCommand } from '../../core/parts/extract-command.js';
import type { ChatRequest, Message } from '../../ground/types.js';
import { AnswerWriter } from '../../repl/render/answer-writer.js';
import { displayCommand } from '../../tools/call-display.js';
import { answerOnce } from '../answer-once.js';
import { colorsFor } from '../colors.js';
import type { OpenConversation } from '../conversation-setup.js';
import { EXIT } from '../exit-codes.js';
import { printError, printNotice } from '../messages.js';
import { reportError } from '../report-error.js';
import type { Settings } from '../settings.js';
import { shellContext } from '../shell-context.js';
import { readKey } from '../read-key.js';

export interface ShellModeRun {
  links: readonly ChainLink[];
  request: ChatRequest;
  settings: Settings;
  skipped: AnswerResult['attempts'];
  record(attempts: AnswerResult['attempts']): Promise<void>;
  /** --shell-yes: run without asking. */
  runUnasked: boolean;
  conversation?: OpenConversation;
  user: Message;
}

/** Most characters of a suggested command kept: a command is a line, not a book. */
const MAX_COMMAND_TEXT = 64 * 1024;

/**
 * `ask --shell`: the model's command is shown, then `[e]xecute, [d]escribe, [a]bort` on a
 * terminal (abort by default); it runs in the user's shell only after `e` (or with
 * --shell-yes). Anywhere else it is printed and never run.
 */
export async function runShellMode(run: ShellModeRun): Promise<number> {
  const { settings } = run;
  const asked = await answerOnce(run.links, run.request, settings, { spinner: Boolean(process.stderr.isTTY), keepText: MAX_COMMAND_TEXT, record: run.record, waiting: 'writing a command…' }, run.skipped);
  if (asked.signalled !== undefined) return asked.signalled;
  if (asked.failure) return reportError(asked.failure, settings.verbose);
  const command = extractCommand(asked.result.text);
  if (!command) {
    printError(`${asked.result.provider ?? 'the provider'} answered with no command`, 'ask again in other words, or try another provider with -p');
    return EXIT.failed;
  }
  await run.conversation?.append({ user: run.user, assistant: { role: 'assistant', content: asked.result.text }, provider: asked.result.provider, model: asked.result.model, usage: asked.result.usage }, settings.system);
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (run.runUnasked) {
    printNotice(`running: ${displayCommand(command)}`);
    return runInShell(command);
  }
  if (!interactive) {
    // In a pipe or a script the command is the output; nothing is run.
    process.stdout.write(`${command}\n`);
    return EXIT.ok;
  }
  const colors = colorsFor(process.stdout);
  // One display for every "run this?" question: decoded, sanitised, never scrolled off the screen.
  process.stdout.write(`${colors.bold(displayCommand(command))}\n`);
  for (;;) {
    process.stderr.write(`${colorsFor(process.stderr).dim('[e]xecute, [d]escribe, [a]bort (default: abort)')} `);
    const key = (await readKey()).toLowerCase();
    process.stderr.write(`${key === '\x03' ? '^C' : /^[a-z]$/.test(key) ? key : ''}\n`);
    if (key === '\x03') return EXIT.interrupted;
    if (key === 'e') return runInShell(command);
    if (key !== 'd') {
      printNotice('aborted; nothing was run');
      return EXIT.ok;
    }
    const described = await describe(command, run);
    if (described !== undefined) return described;
    // The description may have scrolled the command away: the question is about this one.
    process.stdout.write(`\n${colors.bold(displayCommand(command))}\n`);
  }
}

/** `[d]escribe`: the model explains the command, styled on the terminal; undefined to ask again. */
async function describe(command: string, run: ShellModeRun): Promise<number | undefined> {
  const colors = colorsFor(process.stdout);
  const { terminalRenderer } = await import('../../repl/render/terminal-renderer.js');
  const renderer = run.settings.markdown ? terminalRenderer(colors) : undefined;
  const writer = new AnswerWriter({ out: process.stdout, terminal: true, colors, renderer });
  const request: ChatRequest = { ...run.request, messages: [{ role: 'user', content: describeCommandPrompt(command, shellContext()) }] };
  const described = await answerOnce(run.links, request, { ...run.settings, system: undefined }, { writer, spinner: true, keepText: 0, record: run.record, waiting: 'describing…' }, run.skipped);
  if (described.signalled !== undefined) return described.signalled;
  if (described.failure) reportError(described.failure, run.settings.verbose);
  return undefined;
}

/**
 * Runs the command in the user's shell on this terminal and returns its exit status. Ctrl-C
 * belongs to the command while it runs (the terminal sends it to both; this process waits).
 */
function runInShell(command: string): Promise<number> {
  const { shell } = shellContext();
  const ignore = () => {};
  process.on('SIGINT', ignore);
  return new Promise((resolve) => {
    const child = process.platform === 'win32' ? spawn(command, { shell: true, stdio: 'inherit' }) : spawn(shell, ['-c', command], { stdio: 'inherit' });
    child.on('error', (error) => {
      printError(`could not run ${shell}: ${error.message}`);
      resolve(EXIT.failed);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(code ?? (signal === 'SIGINT' ? EXIT.interrupted : EXIT.failed));
    });
  });
}
