import { createReadStream } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { G4fError } from '../../ground/errors.js';
import { withFileLock } from '../file-lock.js';

/** Longest line (in bytes) a conversation file may hold; a longer one is skipped, never loaded whole. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * A conversation file must be the user's own regular file: a symbolic link planted in the
 * conversations folder, or a file of another user, is refused rather than read or written.
 */
export async function checkOwnFile(path: string): Promise<boolean> {
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (info.isSymbolicLink() || !info.isFile()) throw new G4fError(`${path} is not a regular file (a link?); not using it`, { code: 'unsafe_file' });
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) throw new G4fError(`${path} belongs to another user; not using it`, { code: 'unsafe_file' });
  return true;
}

/**
 * Appends with one write() call (O_APPEND): concurrent writers' exchanges never
 * interleave, whatever their size (fs.appendFile writes 512 KiB at a time). Only a short
 * write, which regular files do not make but for a full disk, is continued.
 */
export async function appendOnce(path: string, text: string): Promise<void> {
  const bytes = Buffer.from(text);
  // The lock lets a failed append be undone: the bytes after `start` are ours alone.
  await withFileLock(path, async () => {
    const handle = await open(path, 'a', 0o600);
    const { size: start } = await handle.stat();
    let offset = 0;
    try {
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        if (bytesWritten === 0) throw Object.assign(new Error('no space left'), { code: 'ENOSPC', syscall: 'write', path });
        offset += bytesWritten;
      }
    } catch (error) {
      // A full disk must not leave half an exchange (with the prompt the user was told
      // was not saved) behind: cut the file back to where it was.
      if (offset > 0) await handle.truncate(start).catch(() => undefined);
      throw error;
    } finally {
      await handle.close();
    }
  });
}

/** The first and last `bytes` of a file (whole when small), without reading the rest. */
export async function readEnds(path: string, bytes = 64 * 1024): Promise<{ head: string; tail: string; size: number; mtime: Date }> {
  const handle = await open(path, 'r');
  try {
    const { size, mtime } = await handle.stat();
    const read = async (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead).toString('utf8');
    };
    const head = await read(0, Math.min(size, bytes));
    const tail = size <= bytes ? head : await read(size - bytes, bytes);
    return { head, tail, size, mtime };
  } finally {
    await handle.close();
  }
}

/**
 * Lines of a file of any size, streamed; a line longer than MAX_LINE_CHARS bytes comes as
 * undefined and is never held in memory (readline would build it whole first).
 */
export async function* readLines(path: string): AsyncGenerator<string | undefined> {
  // A small file (nearly all of them) is read at once: no stream, no 1 MB buffer.
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= SMALL_FILE) {
      const text = (await handle.readFile()).toString('utf8');
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      yield* lines;
      return;
    }
  } finally {
    await handle.close();
  }
  let pieces: Buffer[] = [];
  let length = 0;
  let overlong = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const buffer = chunk as Buffer;
    let start = 0;
    for (let newline = buffer.indexOf(10); newline !== -1; newline = buffer.indexOf(10, start)) {
      const piece = buffer.subarray(start, newline);
      if (overlong || length + piece.length > MAX_LINE_CHARS) yield undefined;
      else yield Buffer.concat([...pieces, piece]).toString('utf8');
      pieces = [];
      length = 0;
      overlong = false;
      start = newline + 1;
    }
    const rest = buffer.subarray(start);
    if (overlong || length + rest.length > MAX_LINE_CHARS) {
      overlong = true;
      pieces = [];
      length = 0;
    } else if (rest.length > 0) {
      pieces.push(rest);
      length += rest.length;
    }
  }
  if (overlong) yield undefined;
  else if (length > 0) yield Buffer.concat(pieces).toString('utf8');
}

/** Files up to this size are read whole rather than streamed. */
const SMALL_FILE = 256 * 1024;

/** Counts newlines by streaming bytes: the message count of a file too large to load. */
export async function countLines(path: string): Promise<number> {
  let count = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) count++;
  }
  return count;
}
