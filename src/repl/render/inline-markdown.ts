import type { ChalkInstance } from 'chalk';

/**
 * Styles the inline markdown of one line: `code`, **bold**, *italic* / _italic_,
 * ***both***, ~~strike~~, [links](url), <https://autolinks>, ![images](url) (their alt
 * text and address) and backslash escapes (`\*` is a star, never emphasis). One pass, left
 * to right; code spans are never styled inside. The text must already be sanitised: the
 * only escape codes in the result are chalk's.
 */
export function styleInline(text: string, c: ChalkInstance, options: InlineOptions = {}): string {
  return styleSpan(text, c, new Searches(text), 0, text.length, options);
}

export interface InlineOptions {
  /** The terminal opens OSC 8 hyperlinks: a link is its text, linked, without the address after it. */
  hyperlinks?: boolean;
}

/** An OSC 8 hyperlink around already styled text. The URL is sanitised text: it holds no ESC or BEL. */
function hyperlink(url: string, text: string): string {
  return `\u001b]8;;${url}\u001b\\${text}\u001b]8;;\u001b\\`;
}

/**
 * Closing-marker searches, remembered: a search for a marker that found nothing from
 * position p finds nothing from any later position either, so each marker's text is
 * scanned once in all and a line of 100 KB of unclosed `*a ` styles in linear time.
 */
class Searches {
  private readonly missFrom = new Map<string, number>();
  /** The last hit of each search: from any start between `from` and `at`, it is `at` again. */
  private readonly lastHit = new Map<string, { from: number; at: number }>();
  constructor(private readonly text: string) {}

  find(key: string, from: number, search: (from: number) => number): number {
    const miss = this.missFrom.get(key);
    if (miss !== undefined && from >= miss) return -1;
    const hit = this.lastHit.get(key);
    if (hit && from >= hit.from && from <= hit.at) return hit.at;
    const found = search(from);
    if (found === -1) this.missFrom.set(key, Math.min(from, miss ?? from));
    else this.lastHit.set(key, { from, at: found });
    return found;
  }

  /** Starts of every maximal backtick run, by its length: found in one pass, the first time one is asked for. */
  private runs?: Map<number, number[]>;

  /** The first maximal run of exactly `length` backticks starting at or after `from`; -1 if none. */
  codeClose(from: number, length: number): number {
    if (!this.runs) {
      this.runs = new Map();
      for (let j = this.text.indexOf('`'); j !== -1; ) {
        const run = runLength(this.text, j);
        const starts = this.runs.get(run) ?? [];
        starts.push(j);
        this.runs.set(run, starts);
        j = this.text.indexOf('`', j + run);
      }
    }
    const starts = this.runs.get(length);
    if (!starts) return -1;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] < from) low = mid + 1;
      else high = mid;
    }
    return low < starts.length ? starts[low] : -1;
  }

  indexOf(marker: string, from: number): number {
    return this.find(marker, from, (start) => this.text.indexOf(marker, start));
  }
}

/** One span being styled: the line, where the span ends, and how to style. */
interface Span {
  text: string;
  c: ChalkInstance;
  searches: Searches;
  limit: number;
  options: InlineOptions;
}

/** A construct read at a position: its styled text, and where the text after it starts. */
interface Styled {
  out: string;
  next: number;
}

function styleSpan(text: string, c: ChalkInstance, searches: Searches, offset: number, limit: number, options: InlineOptions): string {
  const span: Span = { text, c, searches, limit, options };
  let out = '';
  let i = offset;
  while (i < limit) {
    const styled = constructAt(span, i);
    if (styled) {
      out += styled.out;
      i = styled.next;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

/** Inner text styled the same way, between two markers. */
const inner = (span: Span, from: number, to: number) => styleSpan(span.text, span.c, span.searches, from, to, span.options);

/** The construct that starts at `i`, by its first character; undefined where the character is literal. */
function constructAt(span: Span, i: number): Styled | undefined {
  switch (span.text[i]) {
    case '\\':
      return escaped(span, i);
    case '*':
      return strongEmphasis(span, i) ?? emphasis(span, i);
    case '_':
      return emphasis(span, i);
    case '<':
      return autolink(span, i);
    case '!':
      return image(span, i);
    case '`':
      return codeSpan(span, i);
    case '~':
      return strike(span, i);
    case '[':
      return link(span, i);
    default:
      return undefined;
  }
}

/** `\*`: the punctuation itself, never markup. */
function escaped({ text }: Span, i: number): Styled | undefined {
  return ESCAPABLE.has(text[i + 1] ?? '') ? { out: text[i + 1], next: i + 2 } : undefined;
}

/** `***both***`. */
function strongEmphasis(span: Span, i: number): Styled | undefined {
  const { text, searches, limit } = span;
  if (text[i + 1] !== '*' || text[i + 2] !== '*') return undefined;
  const end = within(searches.find('***', i + 3, (from) => findUnescaped(text, '***', from)), limit);
  return end > i + 3 ? { out: span.c.bold.italic(inner(span, i + 3, end)), next: end + 3 } : undefined;
}

/** `**bold**` / `__bold__`, else `*italic*` / `_italic_`; a double marker left open is never read as a single one. */
function emphasis(span: Span, i: number): Styled | undefined {
  const { text, searches, limit } = span;
  const ch = text[i];
  if (text[i + 1] === ch) {
    const end = within(searches.find(`${ch}${ch}`, i + 2, (from) => findUnescaped(text, ch + ch, from)), limit);
    return end > i + 2 ? { out: span.c.bold(inner(span, i + 2, end)), next: end + 2 } : undefined;
  }
  if (text[i + 1] === ' ' || text[i + 1] === undefined || (ch === '_' && isWordChar(text[i - 1]))) return undefined;
  const end = within(searches.find(`close${ch}`, i + 1, (from) => findClosing(text, ch, from)), limit);
  return end > i + 1 ? { out: span.c.italic(inner(span, i + 1, end)), next: end + 1 } : undefined;
}

/** `<https://…>` and `<mailto:…>`. */
function autolink({ text, c, limit, options }: Span, i: number): Styled | undefined {
  const auto = /^<((?:https?|mailto):[^\s<>]+)>/.exec(text.slice(i, Math.min(limit, i + 2048)));
  if (!auto) return undefined;
  return { out: options.hyperlinks ? hyperlink(auto[1], c.underline(auto[1])) : c.underline(auto[1]), next: i + auto[0].length };
}

/** `![alt](url)`: the alt text and the address. */
function image({ text, c, limit }: Span, i: number): Styled | undefined {
  if (text[i + 1] !== '[') return undefined;
  const found = /^!\[([^\]]*)\]\(([^)\s]+)\)/.exec(text.slice(i, Math.min(limit, i + 2048)));
  return found ? { out: `${c.italic(found[1] || 'image')} ${c.dim(`(${found[2]})`)}`, next: i + found[0].length } : undefined;
}

/**
 * CommonMark code spans: a run of n backticks closes at the next run of exactly n; a run with
 * no partner is literal backticks, all of it.
 */
function codeSpan({ text, c, searches, limit }: Span, i: number): Styled {
  const run = runLength(text, i);
  const end = within(searches.codeClose(i + run, run), limit);
  if (end === -1) return { out: text.slice(i, i + run), next: i + run };
  return { out: c.cyan(codeSpanContent(text.slice(i + run, end))), next: end + run };
}

/** `~~strike~~` (its inside is not styled further). */
function strike({ text, c, searches, limit }: Span, i: number): Styled | undefined {
  if (text[i + 1] !== '~') return undefined;
  const end = within(searches.indexOf('~~', i + 2), limit);
  return end > i + 2 ? { out: c.strikethrough(text.slice(i + 2, end)), next: end + 2 } : undefined;
}

/** `[text](url)`: the text underlined, then the address (or the text as a hyperlink). */
function link({ text, c, searches, limit, options }: Span, i: number): Styled | undefined {
  if (text[within(searches.indexOf('](', i + 1), limit)] !== ']') return undefined;
  const found = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(text.slice(i, Math.min(limit, i + 2048)));
  if (!found) return undefined;
  return { out: options.hyperlinks ? hyperlink(found[2], c.underline(found[1])) : `${c.underline(found[1])} ${c.dim(`(${found[2]})`)}`, next: i + found[0].length };
}

/** Backticks in a row from `at`. */
function runLength(text: string, at: number): number {
  let end = at;
  while (text[end] === '`') end++;
  return end - at;
}

/** A code span's text: one space stripped from each end when both are spaces and it is not all spaces (CommonMark). */
function codeSpanContent(text: string): string {
  return text.length >= 2 && text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '' ? text.slice(1, -1) : text;
}

/** A position found past the end of the span being styled does not close anything in it. */
function within(found: number, limit: number): number {
  return found !== -1 && found < limit ? found : -1;
}

/** ASCII punctuation a backslash makes literal (CommonMark). */
const ESCAPABLE = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** A marker not preceded by a backslash. */
function findUnescaped(text: string, marker: string, from: number): number {
  for (let j = text.indexOf(marker, from); j !== -1; j = text.indexOf(marker, j + 1)) {
    if (text[j - 1] !== '\\') return j;
  }
  return -1;
}

/**
 * The closing single marker of *italic*: not after a space, not escaped, and not part of a
 * double marker (so `*a **b** c*` closes at its last star, not inside `**b**`).
 */
function findClosing(text: string, marker: string, from: number): number {
  for (let j = text.indexOf(marker, from); j !== -1; j = text.indexOf(marker, j + 1)) {
    if (text[j - 1] === ' ' || text[j - 1] === '\\' || text[j - 1] === marker || text[j + 1] === marker) continue;
    if (marker === '*' || !isWordChar(text[j + 1])) return j;
  }
  return -1;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}
