import type { ChalkInstance } from 'chalk';
import { styleInline } from './inline-markdown.js';

export interface BlockState {
  /** Inside a fenced code block: its fence (``` or ~~~ run). */
  fence?: string;
}

const FENCE = /^(\s{0,3})(`{3,}|~{3,})\s*([\w+#.-]*)/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^(\s*)[-*+]\s+(.*)$/;
const NUMBERED = /^(\s*)(\d{1,9}[.)])\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

/** Styles one complete, sanitised line of markdown; `state` carries fenced-code context across lines. */
export function styleMarkdownLine(line: string, state: BlockState, c: ChalkInstance, width: number): string {
  const fence = FENCE.exec(line);
  if (state.fence) {
    if (fence && fence[2][0] === state.fence[0] && fence[2].length >= state.fence.length && line.trim() === fence[2]) {
      state.fence = undefined;
      return c.dim('└─');
    }
    // Indented, not behind a gutter: a mouse copy of the code picks up nothing but code.
    return `  ${c.cyan(line)}`;
  }
  if (fence) {
    state.fence = fence[2];
    return c.dim(`┌─${fence[3] ? ` ${fence[3]} ` : ''}`);
  }
  const heading = HEADING.exec(line);
  if (heading) {
    const text = styleInline(heading[2], c);
    return heading[1].length === 1 ? c.bold.underline(text) : c.bold(text);
  }
  if (RULE.test(line)) return c.dim('─'.repeat(Math.max(3, Math.min(width, 60))));
  const quote = QUOTE.exec(line);
  if (quote) return `${c.dim('│')} ${c.italic(styleInline(quote[1], c))}`;
  const bullet = BULLET.exec(line);
  if (bullet) return `${bullet[1]}${c.yellow('•')} ${styleInline(bullet[2], c)}`;
  const numbered = NUMBERED.exec(line);
  if (numbered) return `${numbered[1]}${c.yellow(numbered[2])} ${styleInline(numbered[3], c)}`;
  return styleInline(line, c);
}
