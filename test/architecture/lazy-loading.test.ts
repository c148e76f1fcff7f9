import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string }>; inputs: Record<string, unknown>; entryPoint?: string }>;
}

const meta = JSON.parse(readFileSync(inject('buildMetafile'), 'utf8')) as Metafile;
const outputs = Object.entries(meta.outputs).filter(([path]) => path.endsWith('.js'));

/** The output chunk built from a source file. */
function chunkOf(source: string): string {
  const found = outputs.find(([, out]) => Object.keys(out.inputs).some((input) => input.endsWith(source)));
  if (!found) throw new Error(`no chunk holds ${source}`);
  return found[0];
}

/** Every chunk loaded by evaluating these chunks, following static imports only. */
function staticClosure(start: readonly string[]): Set<string> {
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

const inputsOf = (chunks: Set<string>) => [...chunks].flatMap((chunk) => Object.keys(meta.outputs[chunk].inputs));

describe('lazy loading', () => {
  it('`--version` loads the entry chunk alone', () => {
    const entry = outputs.find(([, out]) => out.entryPoint === 'src/main.ts')![0];
    expect(inputsOf(staticClosure([entry]))).toEqual(['src/main.ts']);
  });

  it('`ask` in a pipe loads neither @inquirer/prompts, ora, the markdown renderer nor the REPL', () => {
    const loaded = inputsOf(
      staticClosure([chunkOf('src/main.ts'), chunkOf('src/cli/program.ts'), chunkOf('src/cli/commands/ask.ts'), chunkOf('src/stream/http.ts')]),
    );
    expect(loaded.some((input) => input.includes('src/cli/commands/ask.ts'))).toBe(true);
    const heavy = loaded.filter((input) =>
      /node_modules\/(ora|@inquirer|cli-spinners|turndown|@mixmark-io|ignore|tinyglobby|fdir|picomatch|highlight\.js|wrap-ansi|supports-hyperlinks|@modelcontextprotocol)\/|src\/tools\/|src\/cli\/ask-tools|src\/repl\/render\/markdown|src\/repl\/(terminal-io|chat-session)|src\/input\/(gather-inputs|fetch-url|html-to-markdown|walk-folder)|src\/cli\/commands\/ask-shell/.test(input),
    );
    expect(heavy).toEqual([]);
  });

  it('syntax highlighting loads only when a code block names its language, not with the renderer', () => {
    const renderer = inputsOf(staticClosure([chunkOf('src/repl/render/terminal-renderer.ts')]));
    expect(renderer.some((input) => input.includes('src/repl/render/markdown-renderer.ts'))).toBe(true);
    expect(renderer.filter((input) => input.includes('node_modules/highlight.js/'))).toEqual([]);
    expect(inputsOf(staticClosure([chunkOf('src/repl/render/code-highlighter.ts')])).some((input) => input.includes('node_modules/highlight.js/lib/core'))).toBe(true);
  });

  it('undici is loaded only when a request is sent, without its mocks, caches or WebSocket', () => {
    const askPath = inputsOf(staticClosure([chunkOf('src/main.ts'), chunkOf('src/cli/program.ts'), chunkOf('src/cli/commands/ask.ts')]));
    expect(askPath.filter((input) => input.includes('node_modules/undici/'))).toEqual([]);
    const all = outputs.flatMap(([, out]) => Object.keys(out.inputs));
    expect(all.filter((input) => /node_modules\/undici\/lib\/(mock|cache|web\/(websocket|eventsource|cache))\//.test(input))).toEqual([]);
  });
});
