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
 *
 * A `group` does the same for a part loaded later (`ask -T`'s tools): its roots' modules go in
 * one chunk of their own when every entry point that reaches them imports the group's hub too.
 * Only the `importers` named import it, so the commands that never need the part never load
 * it; an entry left out that reaches a module of the group only takes that module out into
 * a chunk of its own again.
 */
export function hotPath(root, roots, groups = []) {
  const hubs = [{ hub: 'g4f-hot-path', roots }, ...groups.map((group) => ({ ...group, hub: `g4f-group-${group.name}` }))].map((hub) => ({
    ...hub,
    rootPaths: hub.roots.map((path) => join(root, path)),
    importerPaths: hub.importers && new Set(hub.importers.map((path) => join(root, path))),
  }));
  return {
    name: 'hot-path',
    setup(build) {
      let targets;
      build.onStart(() => {
        targets = new Set([...hubs[0].rootPaths, ...dynamicImportTargets(join(root, 'src'))]);
      });
      build.onResolve({ filter: /^g4f-(hot-path|group-[a-z-]+)$/ }, (args) => ({ path: args.path, namespace: 'hot-path' }));
      build.onLoad({ filter: /.*/, namespace: 'hot-path' }, (args) => ({
        contents: hubs.find((hub) => hub.hub === args.path).rootPaths.map((path) => `import ${JSON.stringify(path)};`).join('\n'),
        resolveDir: root,
        loader: 'js',
      }));
      build.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
        // The main hub: every dynamic-import target; a group's hub: its importers (and its roots).
        const imported = hubs.filter((hub) => (hub.importerPaths ? hub.importerPaths.has(args.path) || hub.rootPaths.includes(args.path) : targets.has(args.path)));
        if (imported.length === 0) return undefined;
        return { contents: `${readFileSync(args.path, 'utf8')}\n${imported.map((hub) => `import ${JSON.stringify(hub.hub)};`).join('\n')}\n`, loader: 'ts' };
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
