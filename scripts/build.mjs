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
    lazyBuiltinFunctions(['node:crypto', 'node:dns']),
    // What `ask` loads before its request: the program and the one-shot answer.
    hotPath(root, ['src/cli/program.ts', 'src/cli/commands/ask.ts']),
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
