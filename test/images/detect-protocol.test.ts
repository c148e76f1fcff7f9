import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DA1_QUERY, KITTY_QUERY } from '../../src/images/ask-terminal.js';
import { detectImageProtocol } from '../../src/images/detect-protocol.js';
import { showImage } from '../../src/images/show-image.js';
import { Capture, pngFile } from './pictures.js';

/** A terminal's input side: a stream with a TTY's raw-mode switch that remembers each switch. */
class FakeInput extends PassThrough {
  isTTY = true;
  isRaw = false;
  modes: boolean[] = [];
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    this.modes.push(mode);
    return this;
  }
}

/**
 * A terminal that answers the query (once DA1 is written) with `replies`, each sent as its own
 * chunk, or never. `typed` arrives first, as keys the user pressed meanwhile.
 */
function fakeTerminal(replies: readonly string[] | undefined, { wasRaw = false, typed = '' } = {}) {
  const input = new FakeInput();
  input.isRaw = wasRaw;
  input.pause();
  const out = new Capture(80, 24);
  const write = out.write.bind(out) as (chunk: string, callback?: () => void) => boolean;
  out.write = ((chunk: string, callback?: () => void) => {
    if (replies && chunk.includes(DA1_QUERY)) {
      setTimeout(() => {
        if (typed) input.write(typed);
        for (const reply of replies) input.write(reply);
      }, 5);
    }
    return write(chunk, callback);
  }) as typeof out.write;
  return { input, out, stdin: input as unknown as NodeJS.ReadStream };
}

/** The input is as it was: previous raw mode, paused, no listener, nothing left to read. */
function expectInputLeftAsFound(input: FakeInput, wasRaw: boolean) {
  expect(input.isRaw).toBe(wasRaw);
  expect(input.modes).toEqual([true, wasRaw]);
  expect(input.isPaused()).toBe(true);
  expect(input.listenerCount('data')).toBe(0);
  expect(input.read()).toBeNull();
}

const KITTY_OK = '\x1b_Gi=31;OK\x1b\\';

describe('detectImageProtocol asks the terminal when the environment does not say', () => {
  it('a kitty OK reply before DA1 means kitty; the replies are read, not left', async () => {
    const { input, out, stdin } = fakeTerminal([KITTY_OK, '\x1b[?62;c']);
    expect(await detectImageProtocol({ env: { TERM: 'xterm-256color' }, input: stdin, out })).toBe('kitty');
    expect(out.text).toBe(KITTY_QUERY + DA1_QUERY);
    expectInputLeftAsFound(input, false);
  });

  it('only DA1, with 4 among its parameters (split across chunks), means sixel; the raw mode the input had is kept', async () => {
    const { input, out, stdin } = fakeTerminal(['\x1b[?6', '2;4;22', 'c'], { wasRaw: true });
    expect(await detectImageProtocol({ env: { TERM: 'foot' }, input: stdin, out })).toBe('sixel');
    expectInputLeftAsFound(input, true);
  });

  it('DA1 without 4 means half blocks, or nothing with NO_COLOR', async () => {
    const first = fakeTerminal(['\x1b[?1;2c']);
    expect(await detectImageProtocol({ env: {}, input: first.stdin, out: first.out })).toBe('blocks');
    const second = fakeTerminal(['\x1b[?1;2c']);
    expect(await detectImageProtocol({ env: { NO_COLOR: '1' }, input: second.stdin, out: second.out })).toBe('none');
    expectInputLeftAsFound(second.input, false);
  });

  it('no answer: half blocks once the wait runs out, the input left as it was', async () => {
    const { input, out, stdin } = fakeTerminal(undefined);
    const started = performance.now();
    expect(await detectImageProtocol({ env: {}, input: stdin, out, timeoutMs: 60 })).toBe('blocks');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(out.text).toBe(KITTY_QUERY + DA1_QUERY);
    expectInputLeftAsFound(input, false);
  });

  it('keys typed during the query go back to the input; the replies do not', async () => {
    const { input, out, stdin } = fakeTerminal([KITTY_OK, '\x1b[?62;4c'], { typed: 'ls\r' });
    expect(await detectImageProtocol({ env: {}, input: stdin, out })).toBe('kitty');
    expect(String(input.read())).toBe('ls\r');
  });

  it('asks once per input: a second call answers from memory without writing', async () => {
    const { out, stdin } = fakeTerminal([KITTY_OK, '\x1b[?62c']);
    expect(await detectImageProtocol({ env: {}, input: stdin, out })).toBe('kitty');
    expect(await detectImageProtocol({ env: {}, input: stdin, out })).toBe('kitty');
    expect(out.text).toBe(KITTY_QUERY + DA1_QUERY);
  });

  it('inside tmux the outer terminal’s variables do not count: the query decides', async () => {
    const { out, stdin } = fakeTerminal(['\x1b[?62;4c']);
    expect(await detectImageProtocol({ env: { TMUX: '/tmp/tmux-0/default,1,0', KITTY_WINDOW_ID: '1', TERM: 'tmux-256color' }, input: stdin, out })).toBe('sixel');
  });

  it('without a terminal for input there is no query: half blocks', async () => {
    const out = new Capture();
    expect(await detectImageProtocol({ env: {}, out })).toBe('blocks');
    const notTty = fakeTerminal(['\x1b[?4c']);
    notTty.input.isTTY = false;
    expect(await detectImageProtocol({ env: {}, input: notTty.stdin, out: notTty.out })).toBe('blocks');
    expect(out.text + notTty.out.text).toBe('');
  });
});

describe('detectImageProtocol takes the environment first, without asking', () => {
  const CASES: ReadonlyArray<[NodeJS.ProcessEnv, string]> = [
    [{ KITTY_WINDOW_ID: '3' }, 'kitty'],
    [{ TERM: 'xterm-kitty' }, 'kitty'],
    [{ TERM_PROGRAM: 'ghostty', TERM: 'xterm-ghostty' }, 'kitty'],
    [{ TERM_PROGRAM: 'iTerm.app' }, 'iterm'],
    [{ LC_TERMINAL: 'iTerm2' }, 'iterm'],
    [{ TERM_PROGRAM: 'WezTerm' }, 'iterm'],
    [{ TERM_PROGRAM: 'vscode' }, 'iterm'],
    [{ TERM: 'dumb', KITTY_WINDOW_ID: '3' }, 'none'],
  ];
  for (const [env, expected] of CASES) {
    it(`${JSON.stringify(env)} → ${expected}`, async () => {
      const { out, stdin } = fakeTerminal(['\x1b[?62;4c']);
      expect(await detectImageProtocol({ env, input: stdin, out })).toBe(expected);
      expect(out.text).toBe('');
    });
  }

  it('an output that is not a terminal gets nothing, whatever the environment says', async () => {
    const { out, stdin } = fakeTerminal(['\x1b[?62;4c']);
    out.isTTY = false;
    expect(await detectImageProtocol({ env: { KITTY_WINDOW_ID: '3' }, input: stdin, out })).toBe('none');
    expect(out.text).toBe('');
  });
});

describe('showImage detects the protocol when none is named', () => {
  it('asks the terminal, then draws with its answer', async () => {
    const { input, out, stdin } = fakeTerminal([KITTY_OK, '\x1b[?62c']);
    expect(await showImage(pngFile(20, 20), { out, input: stdin, env: { TERM: 'xterm-256color' } })).toMatchObject({ mode: 'kitty' });
    expect(out.text.startsWith(KITTY_QUERY + DA1_QUERY + '\x1b_Ga=T,f=100,q=2,c=2,r=1,m=0;')).toBe(true);
    expectInputLeftAsFound(input, false);
  });

  it('a refused image asks nothing and writes nothing', async () => {
    const { out, stdin } = fakeTerminal([KITTY_OK, '\x1b[?62c']);
    await expect(showImage(new Uint8Array(100), { out, input: stdin, env: {} })).rejects.toMatchObject({ reason: 'unknown-format' });
    expect(out.text).toBe('');
  });
});
