import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    buildMetafile: string;
  }
}

/** Process tests run the built CLI, so build it once before any test (and keep esbuild's metafile). */
export default function setup(project: TestProject): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const metafile = join(mkdtempSync(join(tmpdir(), 'g4f-chat-build-')), 'meta.json');
  execFileSync(process.execPath, ['scripts/build.mjs', '--metafile', metafile], { cwd: root, stdio: 'inherit' });
  project.provide('buildMetafile', metafile);
}
