// Bundles the CLI into dist/ with esbuild: one small entry chunk, one chunk with what `ask`
// needs before its request, and each other command and heavy dependency (undici, ora,
// @inquirer/prompts, the renderer) in chunks loaded on demand.
// The licences of every bundled package are gathered into dist/THIRD-PARTY-LICENSES.txt.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { buildFastPaths } from './build-fast-paths.mjs';
import { hotPath } from './hot-path.mjs';
import { lazyBuiltinFunctions, lazyChildProcessInCommander, processGlobal } from './lazy-builtins.mjs';
import { lazyUndiciH2, llhttpFallbackBeside } from './undici-trim.mjs';

const root = new URL('..', import.meta.url).pathname;
const SHARED_SMALL_MODULES = [
  'src/repl/render/display-width.ts',
  'src/cli/read-key.ts',
  'src/input/input-budget.ts',
  'src/input/read-file-input.ts',
  'src/input/path-within.ts',
  'src/input/read-deadline.ts',
  'src/input/image-types.ts',
];
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// `--metafile PATH` also writes esbuild's description of the bundle (what each chunk imports).
const metaIndex = process.argv.indexOf('--metafile');
const metaPath = metaIndex === -1 ? undefined : process.argv[metaIndex + 1];
// `--outdir DIR` builds there instead of dist/ (to compare two builds side by side).
const outIndex = process.argv.indexOf('--outdir');

// Built beside dist/ and swapped in whole, so a CLI process already running from dist/ (a test
// suite running while the code is rebuilt) never finds it half written or gone.
const dist = outIndex === -1 ? join(root, 'dist') : resolve(process.argv[outIndex + 1]);
const next = join(dirname(dist), `.dist-next-${process.pid}`);
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts' },
  outdir: next,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // G4F_BUILD_PLAIN=1 leaves the bundle readable (function names in a CPU profile).
  minify: process.env.G4F_BUILD_PLAIN !== "1",
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __G4F_CHAT_VERSION__: JSON.stringify(pkg.version) },
  // Some bundled CommonJS dependencies call require() for Node's own modules.
  banner: { js: "import{createRequire as __g4fCreateRequire}from'node:module';const require=__g4fCreateRequire(import.meta.url);" },
  plugins: [
    processGlobal,
    lazyChildProcessInCommander,
    lazyUndiciH2,
    llhttpFallbackBeside(next),
    lazyBuiltinFunctions(['node:crypto', 'node:dns', 'node:child_process']),
    // What `ask` loads before its request: the program and the one-shot answer.
    // With them, small modules `ask -T` shares with chat and attachments (about 8 kB): one chunk
    // each otherwise.
    hotPath(root, ['src/cli/program.ts', 'src/cli/commands/ask.ts', ...SHARED_SMALL_MODULES], [
      // `ask -T`'s tools and MCP in one chunk (they were sixteen). Left out: `ask --shell` and
      // `history`, which reach one small module of it each and stay without the rest.
      {
        name: 'tools',
        roots: ['src/cli/ask-tools.ts'],
        importers: [
          'src/cli/ask-tools.ts',
          'src/cli/chat-mcp-setup.ts',
          'src/cli/commands/chat.ts',
          'src/cli/commands/mcp.ts',
          'src/cli/commands/mcp-auth.ts',
          'src/cli/commands/mcp-offers.ts',
          'src/cli/mcp-prompt-input.ts',
          'src/cli/mcp-resource-reader.ts',
          'src/cli/mcp-sign-in.ts',
          'src/repl/chat-mcp.ts',
          'src/repl/chat-tools.ts',
          'src/tools/mcp-call.ts',
          'src/tools/mcp-client.ts',
          'src/tools/mcp-oauth.ts',
          'src/tools/mcp-oauth-store.ts',
          'src/tools/toolbox.ts',
        ],
      },
    ]),
  ],
  metafile: true,
  logLevel: 'warning',
});
await buildFastPaths({ root, outdir: next, version: pkg.version, minify: process.env.G4F_BUILD_PLAIN !== '1' });
if (metaPath) writeFileSync(metaPath, JSON.stringify(result.metafile));
writeFileSync(join(next, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(result.metafile));
const old = join(dirname(dist), `.dist-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });

/** The licence text of every npm package that ended up in the bundle. */
function thirdPartyLicenses(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  const sections = [...packages].sort().map((name) => {
    const dir = join(root, 'node_modules', name);
    const info = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${info.license ?? 'see the package'}`;
    return `${name}@${info.version}\n${'-'.repeat(name.length + info.version.length + 1)}\n${text}\n`;
  });
  return `g4f-chat bundles the following packages.\n\n${sections.join('\n')}`;
}
