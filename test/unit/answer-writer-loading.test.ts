import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { AnswerWriter, type LineRenderer } from '../../src/repl/render/answer-writer.js';
import { MarkdownRenderer } from '../../src/repl/render/markdown-renderer.js';
import { sanitizeForTerminal } from '../../src/ground/terminal-safe-text.js';

// `ask` on a terminal loads its markdown renderer once the first words are written, not before
// the request: what reaches the screen must be byte for byte what a writer holding the
// renderer from the start writes, whatever arrives before it is ready.
const colors = new Chalk({ level: 1 });

function memoryOut() {
  const out = { text: '', write: (text: string, done?: () => void) => ((out.text += text), done?.(), true) };
  return out;
}

/** A loader the test releases by hand, counting its calls. */
function heldLoader(make: () => LineRenderer = () => new MarkdownRenderer(colors, () => 80)) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const loader = { calls: 0, release, load: async () => (loader.calls++, await gate, make()) };
  return loader;
}

type Step = ['text' | 'reasoning', string];

async function writeAll(writer: AnswerWriter, steps: Step[]): Promise<void> {
  for (const [kind, text] of steps) writer[kind](text);
  await writer.end();
}

async function withRendererFromStart(steps: Step[]): Promise<string> {
  const out = memoryOut();
  await writeAll(new AnswerWriter({ out, terminal: true, colors, renderer: new MarkdownRenderer(colors, () => 80) }), steps);
  return out.text;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('AnswerWriter with a renderer loaded on the first text', () => {
  it('writes the first partial line before the renderer is ready, then the same bytes as with it from the start', async () => {
    const steps: Step[] = [['text', '# Tit'], ['text', 'le'], ['text', '\nSome **bold** '], ['text', 'and `code`\n```js\nconst x = 1;\n```\n'], ['text', 'after']];
    const out = memoryOut();
    const loader = heldLoader();
    const writer = new AnswerWriter({ out, terminal: true, colors, loadRenderer: loader.load });
    writer.text('# Tit');
    writer.text('le');
    await settle();
    // The first words are on screen while the renderer is still on its way.
    expect(out.text).toBe('# Title');
    for (const [kind, text] of steps.slice(2)) writer[kind](text);
    await settle();
    // From a newline on, text waits for the renderer: complete lines are written styled.
    expect(out.text).toBe('# Title');
    loader.release();
    await writer.end();
    expect(out.text).toBe(await withRendererFromStart(steps));
    expect(loader.calls).toBe(1);
  });

  it('loads nothing and writes nothing for an answer without text', async () => {
    const out = memoryOut();
    const loader = heldLoader();
    await new AnswerWriter({ out, terminal: true, colors, loadRenderer: loader.load }).end();
    expect(loader.calls).toBe(0);
    expect(out.text).toBe('');
  });

  it('keeps reasoning and text in the order they came while text waits for the renderer', async () => {
    const steps: Step[] = [['text', 'first line\n'], ['reasoning', 'thinking more'], ['text', 'second']];
    const out = memoryOut();
    const loader = heldLoader();
    const writer = new AnswerWriter({ out, terminal: true, colors, loadRenderer: loader.load });
    for (const [kind, text] of steps) writer[kind](text);
    await settle();
    expect(out.text).toBe('');
    loader.release();
    await writer.end();
    expect(out.text).toBe(await withRendererFromStart(steps));
    expect(out.text.indexOf('thinking more')).toBeLessThan(out.text.indexOf('second'));
  });

  it('sanitises the early words as the renderer would (an escape sequence from the server is shown, not run)', async () => {
    const out = memoryOut();
    const loader = heldLoader();
    const writer = new AnswerWriter({ out, terminal: true, colors, loadRenderer: loader.load });
    writer.text('look \u001b]52;c;aGk=\u0007 here');
    await settle();
    expect(out.text).not.toContain('\u001b');
    loader.release();
    await writer.end();
    expect(out.text).toBe(await withRendererFromStart([['text', 'look \u001b]52;c;aGk=\u0007 here']]));
  });

  it('writes every word sanitised and unstyled when the renderer fails to load', async () => {
    const out = memoryOut();
    const writer = new AnswerWriter({ out, terminal: true, colors, loadRenderer: () => Promise.reject(new Error('gone')) });
    writer.text('# one');
    writer.text('\ntwo \u001b[31mred\n');
    await settle();
    writer.text('three');
    await writer.end();
    expect(out.text).toBe(`${['# one', '\ntwo \u001b[31mred\n', 'three'].map((piece) => sanitizeForTerminal(piece)).join('')}\n`);
    expect(out.text).not.toContain('\u001b');
  });

  it('never loads a renderer in a pipe: the text goes byte for byte', async () => {
    const out = memoryOut();
    const loader = heldLoader();
    const writer = new AnswerWriter({ out, terminal: false, colors, loadRenderer: loader.load });
    writer.text('# raw \u001b[31m\n');
    await writer.end();
    expect(loader.calls).toBe(0);
    expect(out.text).toBe('# raw \u001b[31m\n');
  });
});
