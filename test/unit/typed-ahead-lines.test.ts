import { describe, expect, it } from 'vitest';
import { InputGate, lineEnd, PASTED_NEWLINE } from '../../src/repl/input-gate.js';

/** The gate with what it hands readline collected. */
function gate() {
  const g = new InputGate({} as NodeJS.ReadStream);
  const out: string[] = [];
  g.on('data', (chunk: string) => out.push(chunk));
  const type = (keys: string) => new Promise<void>((resolve) => g.write(keys, () => resolve()));
  const flushed = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { g, out, type, flushed };
}

describe('keys typed ahead while an answer streams', () => {
  it('are handed on one line per prompt', async () => {
    const { g, out, type, flushed } = gate();
    g.setMode('busy');
    await type('/stats\r!echo typed');
    await type(' ahead');
    g.setMode('typing');
    await flushed();
    // The answer's end is not a prompt: nothing is echoed before the prompt is drawn.
    expect(out).toEqual([]);
    g.releaseTypedAhead();
    await flushed();
    expect(out.join('')).toBe('/stats\r');
    g.releaseTypedAhead();
    await flushed();
    expect(out.join('')).toBe('/stats\r!echo typed ahead');
  });

  it('keys typed after them wait behind them; Ctrl-C drops what waits', async () => {
    const { g, out, type, flushed } = gate();
    g.setMode('busy');
    await type('one\rtwo\r');
    g.setMode('typing');
    g.releaseTypedAhead();
    await type('three');
    await flushed();
    expect(out.join('')).toBe('one\r');
    g.releaseTypedAhead();
    g.releaseTypedAhead();
    await flushed();
    expect(out.join('')).toBe('one\rtwo\rthree');
    g.setMode('busy');
    await type('four\rfive\r');
    g.setMode('typing');
    g.releaseTypedAhead();
    await type('\u0003');
    g.releaseTypedAhead();
    await flushed();
    expect(out.join('')).toBe('one\rtwo\rthreefour\r\u0003');
  });

  it('keys typed after the answer ended but before the prompt is drawn wait for the prompt too', async () => {
    const { g, out, type, flushed } = gate();
    g.setMode('typing');
    await type('/stats\rnext');
    await flushed();
    expect(out).toEqual([]);
    g.releaseTypedAhead();
    await flushed();
    expect(out.join('')).toBe('/stats\r');
    g.promptClosed();
    g.releaseTypedAhead();
    await type(' words');
    await flushed();
    // At an open prompt with nothing waiting, keys go straight to readline.
    expect(out.join('')).toBe('/stats\rnext words');
  });

  it('a pasted block is one line however many newlines it holds', async () => {
    const { g, out, type, flushed } = gate();
    g.setMode('busy');
    await type('\u001b[200~a\nb\u001b[201~\rnext');
    g.setMode('typing');
    g.releaseTypedAhead();
    await flushed();
    expect(out.join('')).toBe(`a${PASTED_NEWLINE}b\r`);
  });

  it('lineEnd takes \\r\\n whole and skips newlines inside a paste', () => {
    expect(lineEnd('ab\r\ncd', false)).toBe(4);
    expect(lineEnd('ab\ncd', false)).toBe(3);
    expect(lineEnd('no enter', false)).toBe(-1);
    expect(lineEnd('a\nb\u001b[201~\r', true)).toBe(10);
  });
});
