import { describe, expect, it } from 'vitest';
import { chunkOf, meta, outputs, staticClosure } from './build-metafile.js';

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
