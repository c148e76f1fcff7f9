// esbuild plugins that keep Node's own modules out of a command's start: each module named here
// is loaded on first use instead of when the bundle is read. The code that runs is the same.
import { readFileSync } from 'node:fs';

/**
 * `import process from 'node:process'` (chalk, env-paths, supports-hyperlinks) makes Node build
 * a module namespace from every property of `process`, reading each getter: `process.report`
 * alone loads the diagnostic report code. The import is dropped, so the name is the global,
 * the same object. (Removed in place rather than resolved to a module of our own, which
 * would be one more chunk to load.)
 */
export const processGlobal = {
  name: 'process-global',
  setup(build) {
    const importOfProcess = /^import process from ['"](node:)?process['"];?$/m;
    build.onLoad({ filter: /\/node_modules\/.*\.m?js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      return importOfProcess.test(source) ? { contents: source.replace(importOfProcess, ''), loader: 'js' } : undefined;
    });
  },
};

/**
 * commander requires `node:child_process` at load for its executable subcommands, which
 * g4f-chat never defines; child_process also loads `dgram`, `net` and more. It is required
 * on first use instead.
 */
export const lazyChildProcessInCommander = {
  name: 'lazy-child-process-in-commander',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) => (/node_modules\/commander\//.test(args.importer) ? { path: 'node:child_process', namespace: 'lazy-builtin' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let loaded;\nmodule.exports = new Proxy({}, { get: (_, key) => (loaded ??= require(${JSON.stringify(args.path)}))[key] });`,
      loader: 'js',
    }));
  },
};

/**
 * Node's `crypto` takes about 4 ms to load, `child_process` about 3 and `dns` about 1; a
 * one-shot answer from a local or keyed provider needs none (`ask -T` loads the tools that
 * can run a command, which spawn only when one runs). Our imports of them (from src/) get the same
 * functions, each loading the real module on its first call. Only functions are offered:
 * importing a class or a value from these modules fails the build, never the run.
 */
export function lazyBuiltinFunctions(modules) {
  return {
    name: 'lazy-builtin-functions',
    setup(build) {
      const wanted = new RegExp(`^(${modules.map((m) => m.replace(/^node:/, '')).join('|')})$`);
      build.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (args) => {
        const name = args.path.replace(/^node:/, '');
        if (args.kind !== 'import-statement' || !wanted.test(name) || !/\/src\/.*\.ts$/.test(args.importer)) return undefined;
        return { path: name, namespace: 'lazy-builtin-functions' };
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-builtin-functions' }, async (args) => {
        const real = await import(`node:${args.path}`);
        const functions = Object.keys(real.default).filter((key) => /^[a-z]\w*$/.test(key) && typeof real.default[key] === 'function');
        const load = `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(`node:${args.path}`)}));\n`;
        return { contents: load + functions.map((fn) => `export function ${fn}(...args) { return load().${fn}(...args); }`).join('\n'), loader: 'js' };
      });
    },
  };
}
