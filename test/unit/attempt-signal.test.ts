import { describe, expect, it } from 'vitest';
import { attemptSignal } from '../../src/core/chain/attempt-signal.js';

const aborted = (signal: AbortSignal) => new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));

describe('one attempt’s deadlines', () => {
  it('without deadlines it is the run’s own signal, never expired', () => {
    const outer = new AbortController();
    const attempt = attemptSignal(outer.signal, undefined, undefined);
    expect(attempt.signal).toBe(outer.signal);
    expect(attempt.expired()).toBe(false);
    expect(attempt.timeoutError('p')).toBeInstanceOf(Error);
  });

  it('the chain’s deadline passing before the answer began is a first-byte timeout naming the flag and the seconds left', async () => {
    const outer = new AbortController();
    const attempt = attemptSignal(outer.signal, undefined, Date.now() + 1400);
    await aborted(attempt.signal);
    expect(attempt.expired()).toBe(true);
    const error = attempt.timeoutError('slowpoke');
    expect(error.firstByte).toBe(true);
    expect(error.message).toBe("slowpoke: timed out: no answer began before the chain's deadline (1s left when it was asked)");
    expect(error.hint).toMatch(/--chain-timeout/);
    attempt.dispose();
  });

  it('--max-time ends the attempt: not a first-byte timeout, and the bound in the message', async () => {
    const attempt = attemptSignal(new AbortController().signal, 30, undefined);
    await aborted(attempt.signal);
    expect(attempt.expired()).toBe(true);
    const error = attempt.timeoutError('p');
    expect(error.firstByte).toBeUndefined();
    expect(error.message).toBe('p: timed out: no complete answer within 0s');
    expect(error.hint).toMatch(/--max-time/);
  });

  it('the user’s Ctrl-C passes through and is not an expiry; dispose stops listening', () => {
    const outer = new AbortController();
    const attempt = attemptSignal(outer.signal, 60_000, Date.now() + 60_000);
    outer.abort(new Error('user'));
    expect(attempt.signal.aborted).toBe(true);
    expect((attempt.signal.reason as Error).message).toBe('user');
    expect(attempt.expired()).toBe(false);
    attempt.dispose();
  });

  it('once the answer began, the chain’s deadline no longer applies', async () => {
    const attempt = attemptSignal(new AbortController().signal, undefined, Date.now() + 20);
    attempt.started();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(attempt.signal.aborted).toBe(false);
    expect(attempt.expired()).toBe(false);
    attempt.dispose();
  });
});
