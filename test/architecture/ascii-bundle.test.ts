import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Node reads an ES module's source as bytes and decodes it to a string before compiling it. A
// single character outside ASCII makes the whole chunk a two-byte string: twice the memory, a
// slower decode and a slower scan, for every command that loads it (a `×` in one regular
// expression once did this to the 220 kB chunk `ask` starts with). esbuild escapes non-ASCII
// text in strings, but not inside regular-expression literals: write those as `\uXXXX`.

const dist = fileURLToPath(new URL('../../dist', import.meta.url));

describe('the bundle', () => {
  it('is ASCII in every JavaScript file the CLI loads', () => {
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(m|c)?js$/.test(file));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((file) => {
      const text = readFileSync(join(dist, file), 'latin1');
      const at = text.search(/[^\x00-\x7f]/);
      return at === -1 ? [] : [`${file}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`];
    });
    expect(offenders).toEqual([]);
  });
});
