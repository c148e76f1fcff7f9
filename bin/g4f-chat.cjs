#!/usr/bin/env node
'use strict';
// CommonJS on purpose: `--version` and `--help` answer from one small file (dist/fast-paths.cjs)
// without starting Node's ES module loader, which costs a bare start about a fifth more.
const args = process.argv.slice(2);
const answered = args.length === 1 && args[0].startsWith('-') && require('../dist/fast-paths.cjs').answerAtOnce(args);
if (!answered) {
  // Node 22+ keeps compiled code between runs; older versions simply start without it.
  require('node:module').enableCompileCache?.();
  import('../dist/main.js').then(({ main }) => main(args));
}
