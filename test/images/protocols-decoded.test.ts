import { PNG } from 'pngjs';
import { decode as decodeSixel } from 'sixel';
import { describe, expect, it } from 'vitest';
import { showImage } from '../../src/images/show-image.js';
import { screenAfter } from '../helpers/virtual-screen.js';
import { Capture, jpegFile, noise, pngFile } from './pictures.js';

/** The kitty escape codes in `text`: control keys and payload of each, and what lies outside them. */
function kittyCodes(text: string): { keys: Array<Record<string, string>>; payloads: string[]; outside: string } {
  const keys: Array<Record<string, string>> = [];
  const payloads: string[] = [];
  const outside = text.replace(/\x1b_G([^;\x1b]*);([^\x1b]*)\x1b\\/g, (_, control: string, payload: string) => {
    keys.push(Object.fromEntries(control.split(',').map((pair) => pair.split('=') as [string, string])));
    payloads.push(payload);
    return '';
  });
  return { keys, payloads, outside };
}

/** The iTerm2 inline-image code in `text`: its arguments, the decoded file, and what lies outside it. */
function itermCode(text: string): { args: Record<string, string>; file: Buffer; outside: string } {
  const match = /\x1b\]1337;File=([^:\x07]*):([A-Za-z0-9+/=]*)\x07/.exec(text)!;
  expect(match).not.toBeNull();
  const args = Object.fromEntries(match[1].split(';').map((pair) => pair.split('=') as [string, string]));
  return { args, file: Buffer.from(match[2], 'base64'), outside: text.replace(match[0], '') };
}

describe('kitty: the PNG it carries decodes to the picture', () => {
  it('a PNG goes as it is, in chunks of 4096 base64 characters, m=1 on all but the last, c/r fitted', async () => {
    const png = pngFile(300, 200, noise(300, 200));
    const out = new Capture(80, 24);
    expect(await showImage(png, { show: 'kitty', out })).toMatchObject({ mode: 'kitty', facts: { width: 300, height: 200 } });
    const { keys, payloads, outside } = kittyCodes(out.text);
    expect(outside).toBe('\r\n');
    expect(keys.length).toBeGreaterThan(1);
    expect(keys[0]).toMatchObject({ a: 'T', f: '100', q: '2', c: '30', r: '10', m: '1' });
    expect(keys.slice(1, -1).every((k) => k.m === '1')).toBe(true);
    expect(keys.at(-1)!.m).toBe('0');
    expect(payloads.slice(0, -1).every((p) => p.length === 4096)).toBe(true);
    const carried = Buffer.from(payloads.join(''), 'base64');
    expect(carried.equals(Buffer.from(png))).toBe(true);
    const decoded = PNG.sync.read(carried);
    expect([decoded.width, decoded.height]).toEqual([300, 200]);
    expect(decoded.data.equals(Buffer.from(noise(300, 200)))).toBe(true);
  });

  it('a JPEG is decoded, shrunk to the cells it covers and sent as a PNG of about the same colours', async () => {
    const out = new Capture(40, 12);
    await showImage(jpegFile(1000, 500), { show: 'kitty', out });
    const { keys, payloads } = kittyCodes(out.text);
    expect(keys[0]).toMatchObject({ c: '40', r: '10' });
    const decoded = PNG.sync.read(Buffer.from(payloads.join(''), 'base64'));
    expect([decoded.width, decoded.height]).toEqual([400, 200]);
    // Top-left is dark red-less and green-less; bottom-right is full red and green (JPEG and averaging blur a little).
    const at = (x: number, y: number) => [...decoded.data.subarray((y * 400 + x) * 4, (y * 400 + x) * 4 + 3)];
    expect(at(0, 0).map((v, i) => Math.abs(v - [0, 0, 128][i]) < 16)).toEqual([true, true, true]);
    expect(at(399, 199).map((v, i) => Math.abs(v - [255, 255, 128][i]) < 16)).toEqual([true, true, true]);
  });

  it('on the emulator the codes leave no text (this emulator draws no images) and the cursor on a fresh line', async () => {
    const out = new Capture(80, 24);
    await showImage(pngFile(64, 64), { show: 'kitty', out });
    expect(await screenAfter([`before\r\n${out.text}after`], 80, 24)).toEqual(['before', '', 'after']);
  });
});

describe('iTerm2: the file it carries is the picture, with its size and cells', () => {
  it('size= is the byte count of the base64 payload, which is the file itself', async () => {
    const jpeg = jpegFile(120, 80);
    const out = new Capture(80, 24);
    await showImage(jpeg, { show: 'iterm', out });
    const { args, file, outside } = itermCode(out.text);
    expect(outside).toBe('\r\n');
    expect(args).toEqual({ inline: '1', size: String(jpeg.length), width: '12', height: '4', preserveAspectRatio: '1' });
    expect(file.equals(Buffer.from(jpeg))).toBe(true);
  });

  it('a picture larger than the window is fitted to its width, or its height less two rows', async () => {
    const wide = itermCode(await written(pngFile(2000, 400), 'iterm', 100, 40)).args;
    expect([wide.width, wide.height]).toEqual(['100', '10']);
    const tall = itermCode(await written(pngFile(400, 2000), 'iterm', 100, 40)).args;
    expect([tall.width, tall.height]).toEqual(['15', '38']);
  });

  it('on the emulator the code leaves no text (this emulator draws no images) and the cursor on a fresh line', async () => {
    const text = await written(pngFile(32, 32), 'iterm', 80, 24);
    expect(await screenAfter([`before\r\n${text}after`], 80, 24)).toEqual(['before', '', 'after']);
  });
});

describe('sixel: decoded by the sixel package, the picture has the fitted size and its colours', () => {
  it('a 300×120 PNG in an 80×24 window keeps its size; its corners keep their colours', async () => {
    const text = await written(pngFile(300, 120), 'sixel', 80, 24);
    expect(text.endsWith('\x1b\\\r\n')).toBe(true);
    const image = decodeSixel(sixelData(text));
    expect([image.width, image.height]).toEqual([300, 120]);
    const at = (x: number, y: number) => [...image.data8.subarray((y * 300 + x) * 4, (y * 300 + x) * 4 + 3)];
    expect(at(0, 0).every((v, i) => Math.abs(v - [0, 0, 128][i]) < 24)).toBe(true);
    expect(at(299, 119).every((v, i) => Math.abs(v - [255, 255, 128][i]) < 24)).toBe(true);
  });

  it('a 1024×1024 PNG is shrunk to the window: 22 rows of 20 pixels', async () => {
    const image = decodeSixel(sixelData(await written(pngFile(1024, 1024), 'sixel', 80, 24)));
    expect([image.width, image.height]).toEqual([440, 440]);
  });

  it('on the emulator the sixel code leaves no text and the cursor on a fresh line', async () => {
    const text = await written(pngFile(40, 30), 'sixel', 80, 24);
    expect(await screenAfter([`before\r\n${text}after`], 80, 24)).toEqual(['before', '', 'after']);
  });
});

/** What showImage writes for these bytes in this mode and window. */
async function written(bytes: Uint8Array, show: 'kitty' | 'iterm' | 'sixel' | 'blocks', columns: number, rows: number): Promise<string> {
  const out = new Capture(columns, rows);
  await showImage(bytes, { show, out });
  return out.text;
}

/** The sixel data between the DCS introducer (ESC P params q) and the string terminator. */
function sixelData(text: string): Uint8Array {
  const match = /^\x1bP[\d;]*q([\s\S]*)\x1b\\\r\n$/.exec(text);
  expect(match).not.toBeNull();
  return Buffer.from(match![1], 'latin1');
}
