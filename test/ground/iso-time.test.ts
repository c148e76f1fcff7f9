import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../src/ground/iso-time.js';

describe('isoTime', () => {
  it('writes exactly what toISOString writes, for any time of the years 0–9999 (property)', () => {
    // Date.UTC reads a year 0–99 as 1900–1999: year 0 is set on a date instead.
    const yearZero = new Date(0).setUTCFullYear(0, 0, 1);
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    fc.assert(
      fc.property(fc.integer({ min: yearZero, max: last }), (ms) => {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees at the edges: the epoch, before it, leap days, the first and last millisecond of the range', () => {
    const edges = [0, -1, 1, Date.UTC(2024, 1, 29, 12), Date.UTC(2000, 1, 29), Date.UTC(1900, 1, 28, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999), new Date(0).setUTCFullYear(0, 0, 1)];
    for (const ms of edges) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves years outside 0–9999 to toISOString (a sign and six digits), and an invalid time throws as it does', () => {
    for (const ms of [Date.UTC(10000, 0, 1), new Date(0).setUTCFullYear(-1), 8.64e15, -8.64e15]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });

  it('is now by default', () => {
    const before = Date.now();
    const stamp = Date.parse(isoTime());
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(Date.now());
  });
});
