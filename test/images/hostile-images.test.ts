import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { ImageRefusedError, type ImageRefusal } from '../../src/ground/errors.js';
import { showImage, type ShowMode } from '../../src/images/show-image.js';
import { Capture, gifHeader, handMadePng, jpegFile, pngChunk, pngFile, webpHead } from './pictures.js';

const MODES: readonly ShowMode[] = ['kitty', 'iterm', 'sixel', 'blocks', 'none'];

/** showImage's refusal of these bytes in this mode, and what reached the output meanwhile. */
async function refused(bytes: Uint8Array, show: ShowMode): Promise<{ reason: ImageRefusal; written: string; message: string; cause: unknown }> {
  const out = new Capture();
  const error = await showImage(bytes, { show, out }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${show} should refuse`).toBeInstanceOf(ImageRefusedError);
  return { reason: (error as ImageRefusedError).reason, written: out.text, message: (error as Error).message, cause: (error as Error).cause };
}

/** A valid interlaced (Adam7) RGBA PNG of width×height, each pixel from `colour`. */
function interlacedPng(width: number, height: number, colour: (x: number, y: number) => number[]): Uint8Array {
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  const raw: number[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    if (x0 >= width || y0 >= height) continue;
    for (let y = y0; y < height; y += dy) {
      raw.push(0);
      for (let x = x0; x < width; x += dx) raw.push(...colour(x, y));
    }
  }
  return handMadePng(width, height, Uint8Array.from(raw), { interlace: 1 });
}

let seed = 99;
const randomBytes = Uint8Array.from({ length: 10_000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >>> 16 & 0xff);
const HOSTILE: ReadonlyArray<[string, Uint8Array, ImageRefusal]> = [
  ['a truncated PNG', pngFile(64, 64).subarray(0, 100), 'malformed'],
  ['a PNG whose IHDR claims 100000×100000 over a small bomb of zeros', handMadePng(100_000, 100_000, new Uint8Array(4_000_000)), 'too-many-pixels'],
  ['a JPEG with a looping marker', Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x00, 0xff, 0xe1, 0x00, 0x00]), 'malformed'],
  ['random bytes', randomBytes, 'unknown-format'],
  ['a PNG signature with escape sequences inside', Buffer.concat([pngFile(1, 1).subarray(0, 8), Buffer.from('\x1b[2J\x1b]52;c;cHduZWQ=\x07\x1bP+q\x1b\\'.repeat(8), 'latin1')]), 'malformed'],
];

describe('hostile images are refused with a typed reason and nothing written, in every mode', () => {
  for (const [name, bytes, reason] of HOSTILE) {
    it(name, async () => {
      for (const show of MODES) {
        const result = await refused(bytes, show);
        expect([show, result.reason, result.written]).toEqual([show, reason, '']);
        expect(result.message).not.toMatch(/[\x00-\x1f\x7f]/);
      }
    });
  }
});

describe('what the decoder cannot read is refused as malformed before anything is drawn', () => {
  it('a PNG whose chunks hold together but whose data is not a deflate stream', async () => {
    const png = handMadePng(8, 8, new Uint8Array(0), { idat: Buffer.from('\x1b[2Jnot deflate at all', 'latin1') });
    for (const show of ['sixel', 'blocks'] as const) expect(await refused(png, show)).toMatchObject({ reason: 'malformed', written: '' });
  });

  it('an interlaced 64×64 PNG whose data unpacks to 64 MB is stopped at what 64×64 can hold', async () => {
    const bomb = handMadePng(64, 64, new Uint8Array(64 * 1024 * 1024), { interlace: 1 });
    expect(bomb.length).toBeLessThan(100_000);
    const started = performance.now();
    // Stopped by the bounded inflate (Node's output cap), not by anything after it.
    expect(await refused(bomb, 'blocks')).toMatchObject({ reason: 'malformed', written: '', cause: { code: 'ERR_BUFFER_TOO_LARGE' } });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a true interlaced PNG is still shown: the bound leaves room for its seven passes', async () => {
    const out = new Capture();
    await showImage(interlacedPng(13, 7, (x, y) => [x * 10, y * 20, 0, 255]), { show: 'blocks', out });
    expect(out.text.split('\r\n')).toHaveLength(5);
    expect(out.text).toContain('\x1b[38;2;120;0;0;48;2;120;20;0m');
  });
});

describe('GIF and WebP are drawn only through iTerm2, which takes the file as it is', () => {
  const gif = gifHeader(40, 20);
  const webp = webpHead('VP8X', [0, 0, 0, 0, 39, 0, 0, 19, 0, 0]);
  it('kitty, sixel and blocks refuse them in one line, writing nothing', async () => {
    for (const show of ['kitty', 'sixel', 'blocks'] as const) {
      expect(await refused(gif, show)).toMatchObject({ reason: 'unknown-format', written: '' });
      expect(await refused(webp, show)).toMatchObject({ reason: 'unknown-format', written: '' });
    }
  });

  it('iTerm2 gets them base64-encoded', async () => {
    const out = new Capture();
    expect(await showImage(gif, { show: 'iterm', out })).toMatchObject({ mode: 'iterm', facts: { mime: 'image/gif', width: 40, height: 20 } });
    expect(out.text).toBe(`\x1b]1337;File=inline=1;size=${gif.length};width=4;height=1;preserveAspectRatio=1:${Buffer.from(gif).toString('base64')}\x07\r\n`);
  });
});

describe('nothing from the file reaches the terminal as an escape sequence', () => {
  it('a valid PNG carrying escape sequences in a text chunk: kitty and iTerm2 send only base64 inside their own framing', async () => {
    const clean = Buffer.from(pngFile(4, 4));
    const text = pngChunk('tEXt', Buffer.from('Comment\0\x1b]0;owned\x07\x1b[31mred\x1b_Gi=9;x\x1b\\', 'latin1'));
    const png = Buffer.concat([clean.subarray(0, 33), text, clean.subarray(33)]);
    for (const show of ['kitty', 'iterm'] as const) {
      const out = new Capture();
      await showImage(png, { show, out });
      const inside = out.text.replace(/^(\x1b_G[A-Za-z=0-9,]*;|\x1b\]1337;File=[a-zA-Z=0-9;]*:)/gm, '').replace(/(\x1b\\\x1b_G[A-Za-z=0-9,]*;)/g, '');
      expect(inside).toMatch(/^[A-Za-z0-9+/=]+(\x1b\\|\x07)\r\n$/);
    }
  });

  it('the mode none writes nothing and still reports the facts', async () => {
    const out = new Capture();
    expect(await showImage(jpegFile(10, 10), { show: 'none', out })).toMatchObject({ mode: 'none', facts: { mime: 'image/jpeg', width: 10, height: 10 } });
    expect(out.text).toBe('');
  });
});
