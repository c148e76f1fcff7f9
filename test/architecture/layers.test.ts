import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
/**
 * Rank of each layer: imports go to higher ranks only; repl and server are peers that never import each other.
 * images/ (a picture's header check, and drawing it on a terminal) sits just above ground/: it
 * takes bytes and a stream and imports nothing else of ours, so cli/, repl/ and server/ can all
 * use it; where a picture is saved is store/'s job, put together with drawing in repl/ and cli/.
 */
const RANK: Readonly<Record<string, number>> = { cli: 0, repl: 1, server: 1, tools: 1.4, input: 1.5, core: 2, store: 3, providers: 3, stream: 4, images: 4.5, ground: 5 };
/** store/ and providers/ are peers: neither imports the other. */
const PEERS: ReadonlyArray<readonly [string, string]> = [['repl', 'server'], ['store', 'providers']];
const UI_PACKAGES = /^(chalk|ora|commander|@inquirer\/.+)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports, statically or with import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) found.add(match[1]);
  return [...found];
}

const layerOf = (path: string) => relative(SRC, path).split('/')[0];
const files = sourceFiles(SRC).map((path) => ({ path, name: relative(SRC, path), layer: layerOf(path), imports: importsOf(path) }));

describe('layering: cli → repl | server → tools | input → core → store | providers → stream → images → ground', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports flow one way (every layer may use ground/)', () => {
    const violations: string[] = [];
    for (const file of files) {
      const rank = RANK[file.layer];
      if (rank === undefined) continue;
      for (const spec of file.imports.filter((s) => s.startsWith('.'))) {
        const target = relative(SRC, join(file.path, '..', spec));
        const targetLayer = target.split('/')[0];
        const targetRank = RANK[targetLayer];
        const peers = PEERS.some(([a, b]) => (a === file.layer && b === targetLayer) || (b === file.layer && a === targetLayer));
        if (targetRank === undefined || (targetRank > rank && !peers) || targetLayer === file.layer) continue;
        violations.push(`${file.name} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('only stream/http.ts reaches undici (its parts through stream/undici-parts.ts, which nothing else loads)', () => {
    const users = files.filter((f) => f.imports.some((s) => /^undici(\/|$)/.test(s))).map((f) => f.name);
    expect(users.sort()).toEqual(['stream/http.ts', 'stream/undici-parts.ts']);
    const partsUsers = files.filter((f) => f.imports.some((s) => /(^|\/)undici-parts\.js$/.test(s))).map((f) => f.name);
    expect(partsUsers).toEqual(['stream/http.ts']);
  });

  it('only cli/ and repl/ touch terminal packages or process', () => {
    const offenders = files
      .filter((f) => ['server', 'tools', 'input', 'core', 'store', 'providers', 'stream', 'images', 'ground'].includes(f.layer))
      .filter((f) => f.imports.some((s) => UI_PACKAGES.test(s)))
      .map((f) => f.name);
    expect(offenders).toEqual([]);
    const processUsers = files
      .filter((f) => ['core', 'store', 'providers', 'ground'].includes(f.layer))
      .filter((f) => /\bprocess\.(env|stdout|stderr|stdin|exit|argv|on)\b/.test(readFileSync(f.path, 'utf8')))
      .map((f) => f.name);
    expect(processUsers).toEqual([]);
  });

  it('wording that names our commands (`g4f-chat keys set …`) lives in cli/ and repl/ only', () => {
    // Comments may name commands; code below cli/ returns facts (an error's remedy) that cli/ words.
    const command = /g4f-chat (ask|chat|keys|config|models|providers|history|roles|mcp|serve)\b/;
    const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const offenders = files
      .filter((f) => !['cli', 'repl'].includes(f.layer))
      .filter((f) => command.test(code(readFileSync(f.path, 'utf8'))))
      .map((f) => f.name);
    expect(offenders).toEqual([]);
  });

  it('core/ is split by job: routing, chain, parts, answer (no loose files)', () => {
    const loose = files.filter((f) => f.layer === 'core' && f.name.split('/').length === 2).map((f) => f.name);
    expect(loose).toEqual([]);
  });
});
