import { describe, expect, it } from 'vitest';
import { RecentReasoning } from '../../src/server/recent-reasoning.js';

describe('the reasoning items serve remembers', () => {
  it('stay within their count and their characters, the oldest forgotten first', () => {
    const recent = new RecentReasoning(3, 10);
    for (const id of ['a', 'b', 'c', 'd']) recent.remember(id, 'xx');
    expect(['a', 'b', 'c', 'd'].map((id) => recent.recall(id))).toEqual([undefined, 'xx', 'xx', 'xx']);
    recent.remember('e', 'y'.repeat(9));
    expect(['b', 'c', 'd', 'e'].map((id) => recent.recall(id))).toEqual([undefined, undefined, undefined, 'y'.repeat(9)]);
    // One larger than the whole bound is not kept at all, and costs nothing kept.
    recent.remember('f', 'z'.repeat(11));
    expect([recent.recall('e'), recent.recall('f')]).toEqual(['y'.repeat(9), undefined]);
    // Remembered again, an id counts once.
    recent.remember('e', 'w');
    recent.remember('g', 'v'.repeat(9));
    expect([recent.recall('e'), recent.recall('g')]).toEqual(['w', 'v'.repeat(9)]);
  });
});
