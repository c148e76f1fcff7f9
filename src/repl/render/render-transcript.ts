import type { ChalkInstance } from 'chalk';
import { MarkdownRenderer } from './markdown-renderer.js';
import { rowsOf } from './screen-rows.js';
import { loadWrapping } from './wrap-prose.js';

/**
 * An attached file or page (`### path` and its fenced content, as attachments are sent) as
 * its heading and size: a transcript shows what was attached, not all of it again.
 */
export function collapseAttachments(text: string): string {
  return text.replace(/^### (.+)\n(`{3,})[^`\n]*\n([\s\S]*?)\n?\2$/gm, (_all, label: string, _fence, body: string) => `### ${label} ${sizeOf(body)}`);
}

function sizeOf(body: string): string {
  const bytes = Buffer.byteLength(body);
  const lines = body === '' ? 0 : body.split('\n').length;
  const size = bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
  return `(attached: ${size}, ${lines} line${lines === 1 ? '' : 's'})`;
}

/**
 * Saved markdown (text that is already whole) styled as answers are, for this width: only
 * finished lines, no cursor movement, so a pager or a second wrap shows it as it is meant.
 */
export async function renderMarkdown(text: string, colors: ChalkInstance, columns: number): Promise<string> {
  await loadWrapping();
  const renderer = new MarkdownRenderer(colors, () => columns);
  return settleRewrites(renderer.push(text) + renderer.end(), columns);
}

/**
 * The renderer streams: a line shows raw and is restyled once complete, a table's rows show
 * raw and are rewritten as columns once it ends, the line above a setext underline becomes a
 * heading. Each rewrite is `\r`, up N rows, erase below (MarkdownRenderer.erase); here they
 * are applied to the lines themselves, counting rows as the renderer did.
 */
function settleRewrites(out: string, columns: number): string {
  const lines: string[] = [''];
  const append = (text: string) => {
    const [first = '', ...rest] = text.split('\n');
    lines[lines.length - 1] += first;
    lines.push(...rest);
  };
  let last = 0;
  for (const match of out.matchAll(/\r(?:\u001b\[(\d+)A)?\u001b\[J/g)) {
    append(out.slice(last, match.index));
    last = match.index + match[0].length;
    // From the start of the cursor's row (the last row of the last line), up N rows: whole lines.
    let up = Number(match[1] ?? 0) - (rowsOf(lines.pop()!, columns) - 1);
    while (up > 0 && lines.length > 0) up -= rowsOf(lines.pop()!, columns);
    lines.push('');
  }
  append(out.slice(last));
  return lines.join('\n');
}
