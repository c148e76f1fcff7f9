import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { UsageError } from '../ground/errors.js';
import { IMAGE_EXTENSIONS } from '../store/image-files.js';

/**
 * Where `-o FILE` puts each picture: FILE itself for one; for several, numbered before the
 * extension (`out.png` → `out-1.png`, `out-2.png`). A name without an extension gets the
 * picture's own (`out` → `out.png`, or `out.jpg` for a JPEG).
 */
export function outputPaths(output: string, mimes: readonly string[]): string[] {
  const ext = extname(output);
  const stem = ext ? output.slice(0, -ext.length) : output;
  return mimes.map((mime, i) => {
    const number = mimes.length > 1 ? `-${i + 1}` : '';
    return `${stem}${number}${ext || `.${IMAGE_EXTENSIONS[mime] ?? 'bin'}`}`;
  });
}

/** Writes a picture to a file the user named (created with the usual permissions, never world-writable). */
export async function writeImageFile(path: string, bytes: Uint8Array): Promise<void> {
  await writeFile(path, bytes, { mode: 0o644 });
}

/** The bytes on stdout and nothing else; resolves once the pipe has taken them. */
export function writeBytesToStdout(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

/** In a pipe, stdout holds one picture's bytes: several need -o (or --json, which saves them). */
export function checkPipeOutput(count: number, flags: { output?: string; json?: boolean }): void {
  if (process.stdout.isTTY || flags.output || flags.json || count <= 1) return;
  throw new UsageError(`-n ${count} makes ${count} pictures, and stdout is a pipe that holds one: name files with -o FILE (FILE-1, FILE-2…)`);
}
