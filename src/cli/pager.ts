import { spawn } from 'node:child_process';
import { rowsOf } from '../repl/render/screen-rows.js';

/**
 * Text for the terminal, through `$PAGER` when it is taller than the window (as git does:
 * `less` with LESS=FRX unless LESS is set, so a short text prints and the screen is kept).
 * Never in a pipe; a pager that cannot start leaves the text printed as it is.
 */
export async function writePaged(text: string): Promise<void> {
  const out = process.stdout;
  const pager = process.env.PAGER ?? 'less';
  if (!out.isTTY || !pager.trim() || pager === 'cat' || rowsOf(text, out.columns || 80) < (out.rows || 24)) {
    out.write(text);
    return;
  }
  const started = await new Promise<boolean>((resolve) => {
    const child = spawn(pager, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { ...process.env, LESS: process.env.LESS ?? 'FRX' } });
    child.on('error', () => resolve(false));
    child.on('close', () => resolve(true));
    child.stdin.on('error', () => {});
    child.stdin.end(text);
  });
  if (!started) out.write(text);
}
