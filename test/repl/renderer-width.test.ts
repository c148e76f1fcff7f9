import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { MarkdownRenderer } from '../../src/repl/render/markdown-renderer.js';

const c = new Chalk({ level: 1 });
const CURSOR_UP = /\u001b\[(\d+)A/;

/** What the renderer writes for one line that streams in two pieces, then completes. */
function rewrite(line: string, columns = 80): string {
  const renderer = new MarkdownRenderer(c, () => columns);
  renderer.push(line.slice(0, -2));
  return renderer.push(`${line.slice(-2)}\n`);
}

describe('restyling a finished line moves up only over the rows it took', () => {
  it('2,000 zero-width spaces take no columns: no row above is erased', () => {
    expect(rewrite(`${'\u200b'.repeat(2000)}**bold**`)).not.toMatch(CURSOR_UP);
  });

  it('Thai and Hindi with combining marks take their real width', () => {
    const thai = 'สวัสดีครับ '.repeat(10);
    const hindi = 'नमस्ते दुनिया '.repeat(6);
    for (const text of [thai, hindi]) {
      const out = rewrite(`**${text.trim()}**`);
      const up = Number(CURSOR_UP.exec(out)?.[1] ?? 0);
      // Each is well under two 80-column rows wide, so at most one row up.
      expect(up, text).toBeLessThanOrEqual(1);
    }
  });

  it('wide characters count twice', () => {
    const out = rewrite(`**${'世'.repeat(50)}**`);
    expect(Number(CURSOR_UP.exec(out)?.[1] ?? 0)).toBe(1);
  });
});
