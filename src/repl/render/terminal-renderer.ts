import type { ChalkInstance } from 'chalk';
import { createSupportsHyperlinks } from 'supports-hyperlinks';
import { MarkdownRenderer } from './markdown-renderer.js';
import { streamGeometry, type TerminalGeometry } from './terminal-geometry.js';

/**
 * The markdown renderer for a real terminal: its size and resizes followed, links made OSC 8
 * hyperlinks where the terminal opens them (FORCE_HYPERLINK=0 turns them off).
 */
export function terminalRenderer(colors: ChalkInstance, stream: NodeJS.WriteStream = process.stdout, geometry: TerminalGeometry = streamGeometry(stream)): MarkdownRenderer {
  return new MarkdownRenderer(colors, geometry, { hyperlinks: createSupportsHyperlinks(stream), highlight: lazyHighlighter(colors) });
}

let highlighter: Promise<typeof import('./code-highlighter.js')> | undefined;

/**
 * Syntax highlighting, loaded the first time a code block names its language: lines that
 * arrive before it is ready keep the plain code style, later ones are highlighted. Nothing
 * of it is loaded for an answer without code, and never outside a terminal.
 */
function lazyHighlighter(colors: ChalkInstance): (line: string, language: string) => string | undefined {
  let highlight: ((line: string, language: string) => string | undefined) | undefined;
  return (line, language) => {
    if (highlight) return highlight(line, language);
    highlighter ??= import('./code-highlighter.js');
    void highlighter.then((module) => (highlight = module.createHighlighter(colors)), () => undefined);
    return undefined;
  };
}
