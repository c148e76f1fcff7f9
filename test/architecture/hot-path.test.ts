import { describe, expect, it } from 'vitest';
import { chunkOf, outputs, staticClosure } from './build-metafile.js';

// scripts/hot-path.mjs: what `ask` loads before its request is one chunk, not dozens.

/** The entry chunk of a dynamically imported source file, and every chunk it imports statically. */
function loadedWith(source: string): Set<string> {
  const entry = outputs.find(([, out]) => out.entryPoint === source)?.[0];
  if (!entry) throw new Error(`${source} is not an entry point`);
  return staticClosure([entry]);
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

  it("puts ask -T's tools and MCP in one chunk, loaded by the commands that use them and not by ask", () => {
    const tools = chunkOf('src/tools/toolbox.ts');
    for (const source of ['src/tools/builtin-tools.ts', 'src/tools/mcp-config.ts', 'src/tools/run-tool-call.ts', 'src/core/answer/tool-loop.ts']) {
      expect(chunkOf(source), source).toBe(tools);
    }
    const ask = new Set([...loadedWith('src/cli/program.ts'), ...loadedWith('src/cli/commands/ask.ts')]);
    expect(ask.has(tools)).toBe(false);
    // Were sixteen files beyond ask's own.
    const askTools = [...loadedWith('src/cli/ask-tools.ts')].filter((file) => !ask.has(file));
    expect(askTools.length).toBeLessThanOrEqual(6);
  });
});
