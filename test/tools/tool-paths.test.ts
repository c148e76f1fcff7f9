import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinTools } from '../../src/tools/builtin-tools.js';
import { OutsidePathApprovals, outsideRootsRefusal, realPathForDisplay, resolveToolPath } from '../../src/tools/tool-paths.js';

function folders() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'g4f-paths-')));
  const work = join(base, 'work');
  const outside = join(base, 'outside');
  mkdirSync(join(work, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(work, 'a.txt'), 'a\n');
  writeFileSync(join(outside, 'secret.txt'), 'outside secret\n');
  symlinkSync(join(outside, 'secret.txt'), join(work, 'innocent.txt'));
  symlinkSync(outside, join(work, 'sub', 'door'));
  return { work, outside };
}

describe('resolveToolPath: the real path a file tool touches, and whether it stays inside the roots', () => {
  it('follows links (to files, through folders) and judges where they lead', () => {
    const { work, outside } = folders();
    const roots = { cwd: work, roots: [] };
    expect(resolveToolPath('read_file', { path: 'a.txt' }, roots)).toEqual({ argument: 'a.txt', realPath: join(work, 'a.txt'), insideRoots: true });
    expect(resolveToolPath('read_file', { path: 'innocent.txt' }, roots)).toEqual({ argument: 'innocent.txt', realPath: join(outside, 'secret.txt'), insideRoots: false });
    expect(resolveToolPath('read_file', '{"path":"sub/door/secret.txt"}', roots)?.insideRoots).toBe(false);
    expect(resolveToolPath('read_file', { path: 'sub/door/not-there-yet.txt' }, roots)?.realPath).toBe(join(outside, 'not-there-yet.txt'));
    expect(resolveToolPath('list_files', {}, roots)).toEqual({ argument: '.', realPath: work, insideRoots: true });
    expect(resolveToolPath('list_files', { path: '..' }, roots)?.insideRoots).toBe(false);
    expect(resolveToolPath('read_file', { path: 'innocent.txt' }, { cwd: work, roots: [outside] })?.insideRoots).toBe(true);
  });

  it('is undefined for tools that touch no path, and for arguments without one', () => {
    const { work } = folders();
    expect(resolveToolPath('fetch_url', { url: 'x' }, { cwd: work, roots: [] })).toBeUndefined();
    expect(resolveToolPath('read_file', 'not json', { cwd: work, roots: [] })).toBeUndefined();
    expect(resolveToolPath('read_file', { path: 3 }, { cwd: work, roots: [] })).toBeUndefined();
  });

  it('realPathForDisplay names the real path only when it differs from the path as written', () => {
    const { work, outside } = folders();
    const roots = { cwd: work, roots: [] };
    expect(realPathForDisplay('read_file', { path: 'innocent.txt' }, roots)).toBe(join(outside, 'secret.txt'));
    expect(realPathForDisplay('read_file', { path: 'a.txt' }, roots)).toBeUndefined();
    expect(realPathForDisplay('read_file', { path: join(work, 'a.txt') }, roots)).toBeUndefined();
  });

  it('outsideRootsRefusal: one line naming where a link leads; nothing for an approved path or one inside', () => {
    const { work, outside } = folders();
    const roots = { cwd: work, roots: [] };
    const link = resolveToolPath('read_file', { path: 'innocent.txt' }, roots)!;
    const approvals = new OutsidePathApprovals();
    expect(outsideRootsRefusal(link, approvals, roots)).toBe(`refused: innocent.txt leads to ${join(outside, 'secret.txt')}, which is outside the working folder, and the user has not approved that path`);
    expect(outsideRootsRefusal(link, approvals, { cwd: work, roots: ['/elsewhere'] })).toMatch(/outside the working folder and the --root folders/);
    approvals.approve(join(outside, 'secret.txt'));
    expect(outsideRootsRefusal(link, approvals, roots)).toBeUndefined();
    expect(outsideRootsRefusal(resolveToolPath('read_file', { path: 'a.txt' }, roots)!, undefined, roots)).toBeUndefined();
  });
});

describe('read_file outside the roots runs only for a yes to that very call', () => {
  const readFile = (work: string, approvals = new OutsidePathApprovals()) => builtinTools({ cwd: work, timeoutMs: 1000, shell: '/bin/sh', outsideApprovals: approvals }).find((t) => t.spec.name === 'read_file')!;
  const signal = new AbortController().signal;

  it('approved ahead: refused; asked and approved: read, and that path stays approved for the run', async () => {
    const { work } = folders();
    const approvals = new OutsidePathApprovals();
    const tool = readFile(work, approvals);
    expect(await tool.run({ path: 'innocent.txt' }, signal)).toMatch(/^refused: /);
    expect(await tool.run({ path: 'innocent.txt' }, signal, { askedAndApproved: false })).toMatch(/^refused: /);
    expect(await tool.run({ path: 'innocent.txt' }, signal, { askedAndApproved: true })).toBe('outside secret\n');
    expect(await tool.run({ path: 'innocent.txt' }, signal)).toBe('outside secret\n');
    expect(tool.realPath?.({ path: 'innocent.txt' })).toMatch(/outside\/secret\.txt$/);
  });
});
