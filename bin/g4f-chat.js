#!/usr/bin/env node
import module from 'node:module';

// Node 22+ keeps compiled code between runs; older versions simply start without it.
module.enableCompileCache?.();
const { main } = await import('../dist/main.js');
main(process.argv.slice(2));
