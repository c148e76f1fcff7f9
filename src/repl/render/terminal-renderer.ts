import type { ChalkInstance } from 'chalk';
import { createSupportsHyperlinks } from 'supports-hyperlinks';
import { MarkdownRenderer } from './markdown-renderer.js';
import { streamGeometry, type TerminalGeometry } from './terminal-geometry.js';

/**
 * The markdown renderer for a real terminal: its size and resizes followed, links made OSC 8
 * hyperlinks where the terminal opens them (FORCE_HYPERLINK=0 turns them off).
 */
export function terminalRenderer(colors: ChalkInstance, stream: NodeJS.WriteStream = process.stdout, geometry: TerminalGeometry = streamGeometry(stream)): MarkdownRenderer {
  return new MarkdownRenderer(colors, geometry, { hyperlinks: createSupportsHyperlinks(stream) });
}
