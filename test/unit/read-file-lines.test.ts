import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinTools } from '../../src/tools/builtin-tools.js';

const cwd = mkdtempSync(join(tmpdir(), 'g4f-chat-read-file-'));
writeFileSync(join(cwd, 'five.txt'), 'one\ntwo\nthree\nfour\nfive');
writeFileSync(join(cwd, 'binary.bin'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0, 3]));
mkdirSync(join(cwd, 'folder'));

const readFile = builtinTools({ cwd, timeoutMs: 5000, shell: '/bin/sh' }).find((t) => t.spec.name === 'read_file')!;
const read = (args: Record<string, unknown>) => readFile.run({ path: 'five.txt', ...args }, new AbortController().signal);

describe('read_file: lines start_line..end_line, 1-based', () => {
  it('reads the whole file without a range', async () => {
    expect(await read({})).toBe('one\ntwo\nthree\nfour\nfive');
  });

  it('start_line is the first line returned', async () => {
    expect(await read({ start_line: 2 })).toBe('two\nthree\nfour\nfive');
    expect(await read({ start_line: 5 })).toBe('five');
  });

  it('end_line is the last line returned', async () => {
    expect(await read({ start_line: 2, end_line: 3 })).toBe('two\nthree');
    expect(await read({ end_line: 1 })).toBe('one');
    expect(await read({ start_line: 3, end_line: 3 })).toBe('three');
  });

  it('a range past either end is held to the file', async () => {
    expect(await read({ start_line: 0 })).toBe('one\ntwo\nthree\nfour\nfive');
    expect(await read({ start_line: -4, end_line: 2 })).toBe('one\ntwo');
    expect(await read({ start_line: 4, end_line: 99 })).toBe('four\nfive');
    expect(await read({ start_line: 9 })).toBe('');
  });

  it('a line number that is not a number is no range', async () => {
    expect(await read({ start_line: '2', end_line: '3' })).toBe('one\ntwo\nthree\nfour\nfive');
  });

  it('says so for a folder or a file that is not text', async () => {
    expect(await readFile.run({ path: 'folder' }, new AbortController().signal)).toBe('folder is a folder: use list_files');
    expect(await readFile.run({ path: 'binary.bin' }, new AbortController().signal)).toBe('binary.bin is not a text file');
  });
});
