import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { decode as decodeSixel } from 'sixel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegFile, pngFile } from './pictures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;

// The CLI runs as one strict-mode ESM bundle split into chunks, where CommonJS dependencies
// behave differently than under vitest (which loads them as Node does): a dynamic import gives
// only `default`, and the sixel encoder's UPNG.js, assigning an undeclared global, threw. So
// showImage is bundled as scripts/build.mjs bundles, and run in a process of its own (this one
// has loaded `sixel` as Node does, which leaves that global behind).
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'g4f-images-bundle-'));
  await build({
    stdin: {
      contents: `import { readFileSync } from 'node:fs';
import { showImage } from './src/images/show-image.ts';
const [show, file] = process.argv.slice(2);
let text = '';
const out = { columns: 80, rows: 24, isTTY: true, write: (chunk, done) => { text += chunk; done(); return true; } };
await showImage(readFileSync(file), { show, out });
process.stdout.write(Buffer.from(text, 'utf8').toString('base64'));`,
      resolveDir: root,
      loader: 'ts',
    },
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    banner: { js: "import{createRequire as __g4fCreateRequire}from'node:module';const require=__g4fCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the bundled showImage writes for this file in this mode, run in its own process. */
function bundledOutput(bytes: Uint8Array, show: string): string {
  const file = join(dir, `picture-${show}`);
  writeFileSync(file, bytes);
  return Buffer.from(execFileSync(process.execPath, [join(dir, 'stdin.mjs'), show, file], { encoding: 'utf8' }), 'base64').toString('utf8');
}

describe('bundled as the CLI bundles it, every protocol draws', () => {
  it('sixel: the encoder loads and its output decodes', () => {
    const data = /^\x1bP[\d;]*q([\s\S]*)\x1b\\\r\n$/.exec(bundledOutput(pngFile(30, 18), 'sixel'))![1];
    const image = decodeSixel(Buffer.from(data, 'latin1'));
    expect([image.width, image.height]).toEqual([30, 18]);
  });

  it('kitty from a JPEG (decoded, sent as PNG), iTerm2 and half blocks', () => {
    expect(bundledOutput(jpegFile(16, 16), 'kitty')).toMatch(/^\x1b_Ga=T,f=100,q=2,c=2,r=1,m=0;iVBORw0KGgo[A-Za-z0-9+/=]+\x1b\\\r\n$/);
    expect(bundledOutput(jpegFile(16, 16), 'iterm')).toMatch(/^\x1b\]1337;File=inline=1;/);
    expect(bundledOutput(pngFile(4, 2), 'blocks')).toMatch(/^(\x1b\[[\d;]+m▀){4}\x1b\[0m\r\n$/);
  });
});
