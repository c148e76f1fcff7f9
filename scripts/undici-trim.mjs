// esbuild plugins that trim what undici loads, without patching node_modules: each rewrites
// one named spot and fails the build if that spot has moved (a new version of undici), so
// nothing is left eager, or broken, without anyone noticing.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Replaces `from` with `to` in one file of a dependency; the build fails if `from` is gone. */
function rewrite(name, filter, from, to) {
  return {
    name,
    setup(build) {
      build.onLoad({ filter }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes(from)) throw new Error(`${name}: ${args.path} no longer contains ${JSON.stringify(from)}`);
        return { contents: source.replace(from, to), loader: 'js' };
      });
    },
  };
}

/**
 * undici's Client loads its HTTP/2 client with it, and with that `node:http2`, `tls` and
 * `crypto`, for every plain HTTP/1.1 request. It is evaluated when a server first agrees
 * to h2 (ALPN) instead; the code is the same.
 */
export const lazyUndiciH2 = rewrite(
  'lazy-undici-h2',
  /node_modules\/undici\/lib\/dispatcher\/client\.js$/,
  "const connectH2 = require('./client-h2.js')",
  "let connectH2Loaded\nconst connectH2 = (client, socket) => (connectH2Loaded ??= require('./client-h2.js'))(client, socket)",
);

/**
 * undici carries llhttp compiled twice, as base64 in JavaScript: with WebAssembly SIMD, which
 * it compiles first, and without, compiled only where the first fails (ppc64 before Node
 * 24.12, UNDICI_NO_WASM_SIMD=1, a CPU without SIMD). The second copy leaves the chunk every
 * request loads and is written beside it, read from disk only there.
 */
export function llhttpFallbackBeside(outdir) {
  const fileName = 'llhttp-wasm.cjs';
  return {
    name: 'llhttp-fallback-beside',
    setup(build) {
      let source;
      build.onResolve({ filter: /\/llhttp\/llhttp-wasm\.js$/ }, (args) => {
        if (!/node_modules\/undici\/lib\/dispatcher\/client-h1\.js$/.test(args.importer)) return undefined;
        source = join(dirname(args.importer), args.path);
        return { path: `./${fileName}`, external: true };
      });
      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        if (!source) throw new Error("llhttp-fallback-beside: undici's client-h1.js no longer requires ../llhttp/llhttp-wasm.js");
        // Required relative to the chunk that holds client-h1.js: every chunk sits in chunks/.
        mkdirSync(join(outdir, 'chunks'), { recursive: true });
        copyFileSync(source, join(outdir, 'chunks', fileName));
      });
    },
  };
}
