// Builds dist/fast-paths.cjs, what bin/g4f-chat.cjs answers `--version` and `--help` from: the
// top-level help is taken from the real program (bundled here for a moment and run) as data,
// and formatted at run time by commander's own Help class for the terminal's width.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export async function buildFastPaths({ root, outdir, version, minify }) {
  const snapshot = await helpSnapshot(root, version);
  await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/fast-paths.ts'],
    outfile: join(outdir, 'fast-paths.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify,
    legalComments: 'none',
    define: { __G4F_CHAT_VERSION__: JSON.stringify(version), __G4F_HELP_SNAPSHOT__: JSON.stringify(snapshot) },
    plugins: [helpClassAlone(root)],
    logLevel: 'warning',
  });
}

/** `import { Help } from 'commander'` gets commander's Help class without the rest of commander. */
function helpClassAlone(root) {
  return {
    name: 'help-class-alone',
    setup(build) {
      build.onResolve({ filter: /^commander$/ }, () => ({ path: 'commander-help', namespace: 'help-class-alone' }));
      build.onLoad({ filter: /.*/, namespace: 'help-class-alone' }, () => ({
        contents: `export { Help } from ${JSON.stringify(join(root, 'node_modules/commander/lib/help.js'))};`,
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}

async function helpSnapshot(root, version) {
  const dir = mkdtempSync(join(tmpdir(), 'g4f-help-snapshot-'));
  const outfile = join(dir, 'snapshot.mjs');
  try {
    await build({
      stdin: {
        contents: `import { buildProgram } from './src/cli/program.ts';
import { takeHelpSnapshot } from './src/cli/help-snapshot.ts';
export const snapshot = takeHelpSnapshot(buildProgram(${JSON.stringify(version)}));`,
        resolveDir: root,
        loader: 'ts',
      },
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Only the definitions run here: what commands import when they run is left out.
      plugins: [{ name: 'no-dynamic-imports', setup: (b) => b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined)) }],
      banner: { js: "import{createRequire as __g4fCreateRequire}from'node:module';const require=__g4fCreateRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    return (await import(pathToFileURL(outfile).href)).snapshot;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
