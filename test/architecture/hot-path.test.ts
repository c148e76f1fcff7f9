import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

// scripts/hot-path.mjs: what `ask` loads before its request is one chunk, not dozens.

interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string }>; inputs: Record<string, unknown>; entryPoint?: string }>;
}

const meta = JSON.parse(readFileSync(inject('buildMetafile'), 'utf8')) as Metafile;
const outputs = Object.entries(meta.outputs).filter(([path]) => path.endsWith('.js'));

function chunkOf(source: string): string {
  const found = outputs.find(([, out]) => Object.keys(out.inputs).some((input) => input.endsWith(source)));
  if (!found) throw new Error(`no chunk holds ${source}`);
  return found[0];
}

/** The entry chunk of a dynamically imported source file, and every chunk it imports statically. */
function loadedWith(source: string): Set<string> {
  const entry = outputs.find(([, out]) => out.entryPoint === source)?.[0];
  if (!entry) throw new Error(`${source} is not an entry point`);
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const path = queue.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const imported of meta.outputs[path]?.imports ?? []) if (imported.kind === 'import-statement' && meta.outputs[imported.path]) queue.push(imported.path);
  }
  return seen;
}

describe('the hot path', () => {
  it('puts the program, ask, the chain, the providers and the HTTP client in one chunk', () => {
    const hub = chunkOf('src/cli/program.ts');
    for (const source of ['src/cli/commands/ask.ts', 'src/core/chain/chain.ts', 'src/providers/registry.ts', 'src/stream/http.ts', 'src/stream/sse-decoder.ts', 'src/store/config/file.ts']) {
      expect(chunkOf(source), source).toBe(hub);
    }
  });

  it('opens a handful of files for the program and ask, whatever other commands import', () => {
    const files = new Set([...loadedWith('src/cli/program.ts'), ...loadedWith('src/cli/commands/ask.ts')]);
    expect(files.size).toBeLessThanOrEqual(6);
  });
});
