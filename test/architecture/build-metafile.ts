import { readFileSync } from 'node:fs';
import { inject } from 'vitest';

/** esbuild's metafile of the build the tests run against (written by the global setup). */
interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string }>; inputs: Record<string, unknown>; entryPoint?: string }>;
}

export const meta = JSON.parse(readFileSync(inject('buildMetafile'), 'utf8')) as Metafile;
export const outputs = Object.entries(meta.outputs).filter(([path]) => path.endsWith('.js'));

/** The output chunk built from a source file. */
export function chunkOf(source: string): string {
  const found = outputs.find(([, out]) => Object.keys(out.inputs).some((input) => input.endsWith(source)));
  if (!found) throw new Error(`no chunk holds ${source}`);
  return found[0];
}

/** Every chunk loaded by evaluating these chunks, following static imports only. */
export function staticClosure(start: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const path = queue.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const imported of meta.outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && meta.outputs[imported.path]) queue.push(imported.path);
    }
  }
  return seen;
}
