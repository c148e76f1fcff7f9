import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { sanitizeForTerminal } from '../../src/ground/terminal-safe-text.js';
import { AnswerWriter, type LineRenderer } from '../../src/repl/render/answer-writer.js';

// How an answer reaches stdout: byte for byte in a pipe, sanitised (and styled) on a terminal,
// gathered into one write per turn, ending in exactly one newline, reasoning dimmed on a
// terminal and never in a pipe, and a full pipe waited for.
const colors = new Chalk({ level: 1 });

/** An output that records each write; `full` makes it report a full buffer until 'drain'. */
function recordingOut(full = false) {
  const out = {
    writes: [] as string[],
    drainListeners: [] as Array<() => void>,
    events: [] as string[],
    write(text: string, done?: () => void) {
      out.writes.push(text);
      done?.();
      return !full;
    },
    once(event: 'drain', listener: () => void) {
      out.events.push(event);
      out.drainListeners.push(listener);
    },
    get text() {
      return out.writes.join('');
    },
  };
  return out;
}

/** A renderer that marks what it styled, so a test sees which path the text took. */
function markingRenderer(): LineRenderer & { ended: number } {
  const renderer = { ended: 0, push: (text: string) => `[${text}]`, end: () => (renderer.ended++, '<end>') };
  return renderer;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AnswerWriter', () => {
  it('writes a pipe byte for byte, escapes and all, adding one newline only when the text lacks it', async () => {
    const out = recordingOut();
    const writer = new AnswerWriter({ out, terminal: false, colors, renderer: markingRenderer() });
    writer.text('# raw \u001b[31mred');
    writer.text('');
    await writer.end();
    expect(out.text).toBe('# raw \u001b[31mred\n');
    const ended = recordingOut();
    const second = new AnswerWriter({ out: ended, terminal: false, colors });
    second.text('two lines\n\n');
    second.text('');
    await second.end();
    expect(ended.text).toBe('two lines\n\n');
  });

  it('writes nothing at all, not even a newline, for an answer without words', async () => {
    const out = recordingOut();
    await new AnswerWriter({ out, terminal: true, colors }).end();
    expect(out.writes).toEqual([]);
  });

  it('gathers the words of one turn into one write', async () => {
    const out = recordingOut();
    const writer = new AnswerWriter({ out, terminal: false, colors });
    writer.text('a');
    writer.text('b');
    writer.text('c');
    expect(out.writes).toEqual([]);
    await turn();
    expect(out.writes).toEqual(['abc']);
    // Each later turn's words go out in that turn too, not at the end.
    writer.text('d');
    await turn();
    expect(out.writes).toEqual(['abc', 'd']);
    await writer.end();
    expect(out.writes).toEqual(['abc', 'd', '\n']);
  });

  it('sanitises on a terminal without a renderer, and styles through one that is given', async () => {
    const plain = recordingOut();
    const unstyled = new AnswerWriter({ out: plain, terminal: true, colors });
    unstyled.text('bell \u0007 here');
    await unstyled.end();
    expect(plain.text).toBe(`${sanitizeForTerminal('bell \u0007 here')}\n`);
    expect(plain.text).not.toContain('\u0007');
    const styled = recordingOut();
    const renderer = markingRenderer();
    const writer = new AnswerWriter({ out: styled, terminal: true, colors, renderer });
    writer.text('hi');
    await writer.end();
    expect(styled.text).toBe('[hi]<end>\n');
    expect(renderer.ended).toBe(1);
  });

  it('dims reasoning on a terminal, leaves it out of a pipe, and puts a blank line before the answer after it', async () => {
    const terminal = recordingOut();
    const writer = new AnswerWriter({ out: terminal, terminal: true, colors });
    writer.reasoning('');
    writer.reasoning('thinking \u001b[2J');
    writer.text('answer');
    await writer.end();
    expect(terminal.text).toBe(`${colors.dim(sanitizeForTerminal('thinking \u001b[2J'))}\n\nanswer\n`);
    const pipe = recordingOut();
    const piped = new AnswerWriter({ out: pipe, terminal: false, colors });
    piped.reasoning('thinking');
    piped.text('answer');
    await piped.end();
    expect(pipe.text).toBe('answer\n');
  });

  it('puts the blank line after reasoning once, not between later words of the answer', async () => {
    const out = recordingOut();
    const writer = new AnswerWriter({ out, terminal: true, colors });
    writer.reasoning('r');
    writer.text('a');
    writer.text('b');
    await writer.end();
    expect(out.text).toBe(`${colors.dim('r')}\n\nab\n`);
  });

  it('ends reasoning that had no answer after it with one newline', async () => {
    const out = recordingOut();
    const writer = new AnswerWriter({ out, terminal: true, colors });
    writer.reasoning('only thoughts\n');
    await writer.end();
    expect(out.text).toBe(`${colors.dim('only thoughts\n')}\n`);
    expect(writer.wroteText).toBe(false);
  });

  it('says when text was written', async () => {
    const writer = new AnswerWriter({ out: recordingOut(), terminal: false, colors });
    expect(writer.wroteText).toBe(false);
    writer.text('x');
    expect(writer.wroteText).toBe(true);
    await writer.end();
  });

  it('writes a batch of a mebibyte at once instead of gathering more, and is ready again at once when the output took it', () => {
    const out = recordingOut();
    const writer = new AnswerWriter({ out, terminal: false, colors });
    writer.text('x'.repeat(1024 * 1024 - 1));
    expect(writer.ready()).toBeUndefined();
    expect(out.writes).toEqual([]);
    writer.text('y');
    expect(writer.ready()).toBeUndefined();
    expect(out.writes.map((w) => w.length)).toEqual([1024 * 1024]);
  });

  it('waits for a full output to drain, once, and is ready again after it', async () => {
    const out = recordingOut(true);
    const writer = new AnswerWriter({ out, terminal: false, colors });
    writer.text('first');
    await writer.flush();
    const waiting = writer.ready();
    expect(waiting).toBeInstanceOf(Promise);
    writer.text('second');
    await writer.flush();
    // Still the same wait: one 'drain' listener, not one per write.
    expect(writer.ready()).toBe(waiting);
    expect(out.drainListeners).toHaveLength(1);
    expect(out.events).toEqual(['drain']);
    let drained = false;
    void waiting!.then(() => (drained = true));
    await turn();
    expect(drained).toBe(false);
    out.drainListeners[0]!();
    await waiting;
    expect(drained).toBe(true);
    expect(writer.ready()).toBeUndefined();
  });

  it('after a renderer that failed to load, later words go out sanitised, in order, never held', async () => {
    const out = recordingOut();
    const writer = new AnswerWriter({ out, terminal: true, colors, loadRenderer: () => Promise.reject(new Error('gone')) });
    writer.text('one\n');
    await writer.end();
    writer.text('two \u0007\n');
    await turn();
    expect(out.text).toBe(`one\n${sanitizeForTerminal('two \u0007\n')}`);
  });

  it('hands a renderer that arrives the first line already shown, and styles what follows through it', async () => {
    const out = recordingOut();
    const seen: string[] = [];
    const renderer: LineRenderer = { push: (text) => (seen.push(text), `[${text}]`), end: () => '' };
    let release!: (r: LineRenderer) => void;
    const writer = new AnswerWriter({ out, terminal: true, colors, loadRenderer: () => new Promise((resolve) => (release = resolve)) });
    writer.text('partial ');
    writer.text('line');
    await turn();
    expect(out.text).toBe('partial line');
    release(renderer);
    await turn();
    expect(seen).toEqual(['partial ', 'line']);
    writer.text(' more\nnext');
    await writer.end();
    expect(out.text).toBe('partial line[ more\nnext]\n');
    expect(seen).toEqual(['partial ', 'line', ' more\nnext']);
    // Nothing is held any more once it arrived: reasoning after it is written, not kept back.
    const later = recordingOut();
    let arrive!: (r: LineRenderer) => void;
    const second = new AnswerWriter({ out: later, terminal: true, colors, loadRenderer: () => new Promise((resolve) => (arrive = resolve)) });
    second.text('x\n');
    arrive(renderer);
    await turn();
    second.reasoning('thought');
    await turn();
    expect(later.text).toBe(`[x\n]${colors.dim('thought')}`);
    await second.end();
  });
});
