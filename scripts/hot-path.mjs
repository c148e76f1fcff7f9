// The esbuild plugin that puts what `ask` loads before its request into one chunk.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * One chunk for what a command loads on its way to a first request.
 *
 * esbuild puts modules in the same chunk only when the same entry points reach them, and
 * every `import()` is an entry point: `ask` used to open some sixty small chunks, and Node
 * 20 spends about 0.3 ms reading, compiling and linking each one. Here every module that is
 * the target of an `import()` in src/ (and each root) also imports one hub, which imports
 * the roots: every module the roots reach is then reached by the same entry points and
 * lands in one chunk. The hub import comes last in each file, so a module's own imports are
 * evaluated in their order first; what changes is only that the roots' code is evaluated
 * when a command starts rather than on its first use.
 */
export function hotPath(root, roots) {
  const hub = 'g4f-hot-path';
  const rootPaths = roots.map((path) => join(root, path));
  return {
    name: 'hot-path',
    setup(build) {
      let targets;
      build.onStart(() => {
        targets = new Set([...rootPaths, ...dynamicImportTargets(join(root, 'src'))]);
      });
      build.onResolve({ filter: new RegExp(`^${hub}$`) }, () => ({ path: hub, namespace: 'hot-path' }));
      build.onLoad({ filter: /.*/, namespace: 'hot-path' }, () => ({
        contents: rootPaths.map((path) => `import ${JSON.stringify(path)};`).join('\n'),
        resolveDir: root,
        loader: 'js',
      }));
      build.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
        if (!targets.has(args.path)) return undefined;
        return { contents: `${readFileSync(args.path, 'utf8')}\nimport ${JSON.stringify(hub)};\n`, loader: 'ts' };
      });
    },
  };
}

/**
 * The files src/ loads with `import('./…')`. A target this misses (a computed specifier) only
 * gets chunks of its own again; nothing else depends on finding all of them.
 */
function dynamicImportTargets(src) {
  const targets = [];
  for (const file of readdirSync(src, { recursive: true })) {
    if (!file.endsWith('.ts')) continue;
    const path = join(src, file);
    for (const match of readFileSync(path, 'utf8').matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)\.js['"]\s*\)/g)) {
      targets.push(join(dirname(path), `${match[1]}.ts`));
    }
  }
  return targets;
}
