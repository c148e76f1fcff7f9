// Bundles the CLI into dist/ with esbuild: one small entry chunk, and each command and
// heavy dependency (undici, ora, @inquirer/prompts, the renderer) in a chunk loaded on demand.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// `--metafile PATH` also writes esbuild's description of the bundle (what each chunk imports).
const metaIndex = process.argv.indexOf('--metafile');
const metaPath = metaIndex === -1 ? undefined : process.argv[metaIndex + 1];

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __G4F_CHAT_VERSION__: JSON.stringify(pkg.version) },
  // Some bundled CommonJS dependencies call require() for Node's own modules.
  banner: { js: "import{createRequire as __g4fCreateRequire}from'node:module';const require=__g4fCreateRequire(import.meta.url);" },
  metafile: Boolean(metaPath),
  logLevel: 'warning',
});
if (metaPath) writeFileSync(metaPath, JSON.stringify(result.metafile));
