import type { ChalkInstance } from 'chalk';
import { MarkdownRenderer } from './markdown-renderer.js';
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

/** Saved markdown (text that is already whole) styled as answers are, for this width. */
export async function renderMarkdown(text: string, colors: ChalkInstance, columns: number): Promise<string> {
  await loadWrapping();
  const renderer = new MarkdownRenderer(colors, () => columns);
  return renderer.push(text) + renderer.end();
}
