import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeSlash } from '../../src/repl/slash-completion.js';

describe('Tab completion of paths', () => {
  it('never offers a file name holding control characters (readline would print it raw)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'g4f-paths-'));
    writeFileSync(join(dir, 'notes.md'), '');
    writeFileSync(join(dir, 'n\u001b]0;pwned\u0007.md'), '');
    expect(await completeSlash(`/file ${dir}/n`)).toEqual([[`/file ${dir}/notes.md `], `/file ${dir}/n`]);
  });
});
