// Benchmark rows for showing an image: from having a 1024×1024 PNG's bytes to its sequence
// written, per protocol, into a stream that takes it at once (so the row is our work, not the
// terminal's drawing). The window is 120×40. The first image of a process also loads the
// decoders; that is its own row.
//   node bench/images.mjs          these rows alone
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { median } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PROTOCOLS = ['kitty', 'iterm', 'sixel', 'blocks'];

export async function measureImages({ runs, row }) {
  const dir = mkdtempSync(join(tmpdir(), 'g4f-bench-images-'));
  const out = join(dir, 'images.mjs');
  // Bundled as the CLI bundles it: pngjs and the sixel encoder loaded by dynamic import.
  await build({
    stdin: {
      contents: `export { showImage } from './src/images/show-image.ts';\nexport { PNG } from 'pngjs';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    banner: { js: "import{createRequire as __benchRequire}from'node:module';const require=__benchRequire(import.meta.url);" },
    logLevel: 'error',
  });
  const { showImage, PNG } = await import(out);
  const png = photoLikePng(PNG, 1024, 1024);
  const sink = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), { columns: 120, rows: 40, isTTY: true });
  const time = async (show) => {
    const started = performance.now();
    await showImage(png, { show, out: sink });
    return performance.now() - started;
  };
  const first = await time('blocks');
  const samples = Object.fromEntries(PROTOCOLS.map((p) => [p, []]));
  for (let i = 0; i < runs; i++) for (const show of PROTOCOLS) samples[show].push(await time(show));
  const kb = Math.round(png.length / 1024);
  for (const show of PROTOCOLS) row('image 1024² PNG', `${show} (${kb} KiB)`, median(samples[show]), 'ms');
  row('image 1024² PNG', 'first image of a process (blocks, loads pngjs)', first, 'ms');
  rmSync(dir, { recursive: true, force: true });
}

/** A 1024×1024 picture with smooth areas and grain, so its PNG is about a photograph's size. */
function photoLikePng(PNG, width, height) {
  const png = new PNG({ width, height });
  let seed = 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const grain = (seed >>> 16) % 24;
      const at = (y * width + x) * 4;
      png.data[at] = (x >> 2) + grain;
      png.data[at + 1] = (y >> 2) + grain;
      png.data[at + 2] = ((x + y) >> 3) + grain;
      png.data[at + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  await measureImages({ runs: 5, row: (group, name, value, unit) => rows.push(`${group}  ${name}  ${Math.round(value * 10) / 10} ${unit}`) });
  process.stdout.write(`${rows.join('\n')}\n`);
}
