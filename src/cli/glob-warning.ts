import { statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { printWarning } from './messages.js';

/**
 * `ask -f test/*.ts "explain"`: the shell expands the glob, `-f` takes the first file and the
 * others become words of the prompt. When -f was given and words of the prompt name existing
 * files, say so and show the quoted form; the prompt itself is sent as typed.
 */
export function warnExpandedGlob(files: readonly string[], words: readonly string[], cwd: string): void {
  const last = files.filter((f) => !/^https?:\/\//i.test(f)).at(-1);
  if (!last) return;
  const strays = words.filter((word) => isFile(resolve(cwd, word)));
  if (strays.length === 0) return;
  const rest = words.filter((word) => !strays.includes(word)).join(' ');
  const together = [last, ...strays];
  const dir = dirname(last);
  const ext = extname(last);
  const pattern = together.every((f) => dirname(f) === dir && extname(f) === ext) ? `${dir === '.' ? '' : `${dir}/`}*${ext}` : undefined;
  const attach = pattern ? `-f '${pattern}'` : together.map((f) => `-f '${f}'`).join(' ');
  printWarning(
    `${strays.join(', ')} ${strays.length === 1 ? 'is a file' : 'are files'} in the prompt, not attached (only -f ${last} is);` +
      ` if the shell expanded a glob, quote it: g4f-chat ask ${attach} ${rest ? `'${rest.replace(/'/g, "'\\''")}'` : '"…"'}`,
  );
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
