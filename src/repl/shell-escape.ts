import { spawn } from 'node:child_process';
import type { ChatSession } from './chat-session.js';
import { sanitizeForTerminal, sanitizeLabel } from '../ground/terminal-safe-text.js';
import type { ReplIO } from './repl-io.js';

/** Most output of one `!command` kept as context: more is cut, and said. */
const MAX_OUTPUT = 256 * 1024;

/**
 * `!command` in chat: runs the command in the user's shell (stdout and stderr together,
 * no input), shows its output, and attaches it to the next message, which the user still
 * writes and sends with Enter. Ctrl-C stops the command.
 */
export async function runShellEscape(command: string, session: ChatSession, io: ReplIO, shell = process.env.SHELL || '/bin/sh'): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  const child = process.platform === 'win32' ? spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(shell, ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stopBusy = io.startBusy(() => child.kill('SIGINT'));
  const collect = (chunk: Buffer) => {
    if (size + chunk.length > MAX_OUTPUT) {
      cut = true;
      chunk = chunk.subarray(0, Math.max(0, MAX_OUTPUT - size));
    }
    size += chunk.length;
    if (chunk.length) chunks.push(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const status = await new Promise<string>((resolve) => {
    child.on('error', (error) => resolve(`could not run: ${error.message}`));
    child.on('close', (code, signal) => resolve(signal ? `stopped by ${signal}` : `exit ${code}`));
  });
  stopBusy();
  const output = Buffer.concat(chunks).toString('utf8');
  // Shown to the person at the terminal, never into the answers (stdout may be a log).
  if (output) io.err(sanitizeForTerminal(output.endsWith('\n') ? output : `${output}\n`));
  const notes = [status, cut ? `output cut at ${MAX_OUTPUT / 1024} KB` : ''].filter(Boolean).join(', ');
  const content = `${output}${cut ? '\n[output cut]\n' : ''}${status === 'exit 0' ? '' : `[${status}]\n`}`;
  session.addAttachments({ texts: [{ label: `$ ${command}`, content, language: '' }] });
  io.err(`${io.errColors.dim(sanitizeLabel(`(${notes}) the output goes with your next message; /file off drops it`))}\n`);
}
