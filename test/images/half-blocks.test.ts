import xterm from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { showImage } from '../../src/images/show-image.js';
import { Capture, gradient, pixels, pngFile } from './pictures.js';

const { Terminal } = xterm;

interface Cell {
  char: string;
  fg: number | 'default';
  bg: number | 'default';
}

/** The cells of the first `rows` lines after the emulator received `text`, with their 24-bit colours. */
async function cellsAfter(text: string, columns: number, rows: number): Promise<Cell[][]> {
  const term = new Terminal({ cols: columns, rows: 30, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(text, resolve));
  const grid: Cell[][] = [];
  for (let y = 0; y < rows; y++) {
    const line = term.buffer.active.getLine(y)!;
    const row: Cell[] = [];
    for (let x = 0; x < columns; x++) {
      const cell = line.getCell(x)!;
      row.push({ char: cell.getChars(), fg: cell.isFgDefault() ? 'default' : cell.getFgColor(), bg: cell.isBgDefault() ? 'default' : cell.getBgColor() });
      if (!cell.isFgDefault()) expect(cell.isFgRGB()).toBe(true);
      if (!cell.isBgDefault()) expect(cell.isBgRGB()).toBe(true);
    }
    grid.push(row);
  }
  term.dispose();
  return grid;
}

const rgb = (r: number, g: number, b: number) => (r << 16) | (g << 8) | b;
const CLEAR: [number, number, number, number] = [0, 0, 0, 0];

describe('half blocks: a small known picture gives known cells and colours', () => {
  it('a 3×4 picture is 3 cells by 2: ▀ upper/lower, ▄ when only the lower is opaque, a space when neither is', async () => {
    const colours: Array<Array<[number, number, number, number?]>> = [
      [[255, 0, 0], [0, 255, 0], CLEAR],
      [[0, 0, 255], [255, 255, 255], [255, 0, 255]],
      [CLEAR, [10, 20, 30], [255, 128, 0]],
      [CLEAR, CLEAR, [128, 128, 128]],
    ];
    const out = new Capture(80, 24);
    expect((await showImage(pngFile(3, 4, pixels(3, 4, (x, y) => colours[y][x])), { show: 'blocks', out })).mode).toBe('blocks');
    expect(await cellsAfter(out.text, 4, 3)).toEqual([
      [
        { char: '▀', fg: rgb(255, 0, 0), bg: rgb(0, 0, 255) },
        { char: '▀', fg: rgb(0, 255, 0), bg: rgb(255, 255, 255) },
        { char: '▄', fg: rgb(255, 0, 255), bg: 'default' },
        { char: '', fg: 'default', bg: 'default' },
      ],
      [
        { char: ' ', fg: 'default', bg: 'default' },
        { char: '▀', fg: rgb(10, 20, 30), bg: 'default' },
        { char: '▀', fg: rgb(255, 128, 0), bg: rgb(128, 128, 128) },
        { char: '', fg: 'default', bg: 'default' },
      ],
      // The cursor ends on a fresh line, with the colours reset.
      Array.from({ length: 4 }, () => ({ char: '', fg: 'default', bg: 'default' })),
    ]);
  });

  it('an odd last row shows its pixels over the default background; every line ends with a reset', async () => {
    const out = new Capture(80, 24);
    await showImage(pngFile(1, 3, pixels(1, 3, (_, y) => [y * 100, 0, 0])), { show: 'blocks', out });
    expect(out.text.split('\r\n')).toEqual(['\x1b[38;2;0;0;0;48;2;100;0;0m▀\x1b[0m', '\x1b[38;2;200;0;0;49m▀\x1b[0m', '']);
  });

  it('colours are written only when they change along a line', async () => {
    const out = new Capture(80, 24);
    await showImage(pngFile(6, 2, pixels(6, 2, () => [1, 2, 3])), { show: 'blocks', out });
    expect(out.text).toBe('\x1b[38;2;1;2;3;48;2;1;2;3m▀▀▀▀▀▀\x1b[0m\r\n');
  });

  it('a picture wider than the window is shrunk to its columns, two pixels a row, keeping its aspect', async () => {
    const out = new Capture(40, 30);
    await showImage(pngFile(200, 100, gradient(200, 100)), { show: 'blocks', out });
    const grid = await cellsAfter(out.text, 40, 11);
    expect(grid.slice(0, 10).every((row) => row.every((cell) => cell.char === '▀'))).toBe(true);
    expect(grid[10].every((cell) => cell.char === '')).toBe(true);
    // The gradient survives the shrinking: red grows to the right, green downwards.
    const red = (cell: Cell) => (cell.fg as number) >> 16;
    const green = (cell: Cell) => ((cell.fg as number) >> 8) & 0xff;
    expect(red(grid[0][0])).toBeLessThan(10);
    expect(red(grid[0][39])).toBeGreaterThan(245);
    expect(green(grid[0][0])).toBeLessThan(10);
    expect(green(grid[9][0])).toBeGreaterThan(220);
  });

  it('a picture taller than the window takes its rows less two', async () => {
    const out = new Capture(80, 12);
    await showImage(pngFile(50, 400), { show: 'blocks', out });
    const lines = out.text.split('\r\n').slice(0, -1);
    expect(lines).toHaveLength(10);
    expect(lines[0].match(/[▀▄ ]/g)).toHaveLength(Math.round(50 * (20 / 400)));
  });
});
