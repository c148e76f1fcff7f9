import { statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { UsageError } from '../ground/errors.js';
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
  const attach = quotedAttach([last, ...strays]);
  printWarning(
    `${strays.join(', ')} ${strays.length === 1 ? 'is a file' : 'are files'} in the prompt, not attached (only -f ${last} is);` +
      ` if the shell expanded a glob, quote it: g4f-chat ask ${attach} ${rest ? `'${rest.replace(/'/g, "'\\''")}'` : '"…"'}`,
  );
}

/**
 * A prompt whose every word is an existing path is a glob the shell expanded (`-f src/*.ts`
 * with nothing after it, or `ask *.md`): nothing is sent, and the quoted form is shown.
 */
export function refuseExpandedGlob(files: readonly string[], words: readonly string[], cwd: string): void {
  const local = files.filter((f) => !/^https?:\/\//i.test(f));
  if (words.length === 0 || (local.length === 0 && words.length < 2)) return;
  if (!words.every((word) => exists(resolve(cwd, word)))) return;
  const together = [...local.slice(-1), ...words];
  throw new UsageError(
    `every word of the prompt is a file (${together.length} paths): the shell expanded a glob`,
    `quote it, and say what you want: g4f-chat ask ${quotedAttach(together)} "…"`,
  );
}

/** `-f 'src/*.ts'` when the paths share a folder and an extension, else one quoted -f each. */
function quotedAttach(paths: readonly string[]): string {
  const dir = dirname(paths[0]!);
  const ext = extname(paths[0]!);
  const pattern = paths.every((f) => dirname(f) === dir && extname(f) === ext) ? `${dir === '.' ? '' : `${dir}/`}*${ext}` : undefined;
  return pattern ? `-f '${pattern}'` : paths.map((f) => `-f '${f.replace(/'/g, "'\\''")}'`).join(' ');
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
