import type { ChalkInstance } from 'chalk';
import { styleInline, type InlineOptions } from './inline-markdown.js';

export interface BlockState {
  /** Inside a fenced code block: its fence (``` or ~~~ run). */
  fence?: string;
  /** The language of that block, for highlighting. */
  language?: string;
}

/** One styled line, and what it needs to be wrapped: prose wraps, code never does. */
export interface StyledLine {
  text: string;
  kind: 'paragraph' | 'heading' | 'list' | 'quote' | 'code' | 'fence' | 'rule' | 'blank';
  /** Columns continuation rows are indented by (a list item's text starts after its marker). */
  indent?: number;
  /** What each continuation row starts with instead (a quote's bar). */
  prefix?: string;
}

export interface LineOptions extends InlineOptions {
  /** Styles a line of code in a language; undefined where it cannot. */
  highlight?(line: string, language: string): string | undefined;
}

const FENCE = /^(\s{0,3})(`{3,}|~{3,})\s*([\w+#.-]*)/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^(\s*)[-*+]\s+(.*)$/;
const NUMBERED = /^(\s*)(\d{1,9}[.)])\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
/** A setext underline: `===` makes the paragraph line above a first-level heading, `---` a second. */
export const SETEXT = /^\s{0,3}(=+|-+)\s*$/;

/** Styles one complete, sanitised line of markdown; `state` carries fenced-code context across lines. */
export function styleMarkdownLine(line: string, state: BlockState, c: ChalkInstance, width: number, options: LineOptions = {}): StyledLine {
  const fence = FENCE.exec(line);
  if (state.fence) {
    if (fence && fence[2][0] === state.fence[0] && fence[2].length >= state.fence.length && line.trim() === fence[2]) {
      state.fence = undefined;
      state.language = undefined;
      return { text: c.dim('└─'), kind: 'fence' };
    }
    // Indented, not behind a gutter: a mouse copy of the code picks up nothing but code.
    const highlighted = state.language ? options.highlight?.(line, state.language) : undefined;
    return { text: `  ${highlighted ?? c.cyan(line)}`, kind: 'code' };
  }
  if (fence) {
    state.fence = fence[2];
    state.language = fence[3] || undefined;
    return { text: c.dim(`┌─${fence[3] ? ` ${fence[3]} ` : ''}`), kind: 'fence' };
  }
  if (line.trim() === '') return { text: line, kind: 'blank' };
  const heading = HEADING.exec(line);
  if (heading) return { text: styleHeading(styleInline(heading[2], c, options), heading[1].length, c), kind: 'heading' };
  if (RULE.test(line)) return { text: c.dim('─'.repeat(Math.max(3, Math.min(width, 60)))), kind: 'rule' };
  const quote = QUOTE.exec(line);
  if (quote) return { text: `${c.dim('│')} ${c.italic(styleInline(quote[1], c, options))}`, kind: 'quote', prefix: `${c.dim('│')} ` };
  const bullet = BULLET.exec(line);
  if (bullet) return { text: `${bullet[1]}${c.yellow('•')} ${styleInline(bullet[2], c, options)}`, kind: 'list', indent: bullet[1].length + 2 };
  const numbered = NUMBERED.exec(line);
  if (numbered) return { text: `${numbered[1]}${c.yellow(numbered[2])} ${styleInline(numbered[3], c, options)}`, kind: 'list', indent: numbered[1].length + numbered[2].length + 1 };
  return { text: styleInline(line, c, options), kind: 'paragraph' };
}

/** A first-level heading is bold and underlined, the others bold. */
export function styleHeading(text: string, level: number, c: ChalkInstance): string {
  return level === 1 ? c.bold.underline(text) : c.bold(text);
}
