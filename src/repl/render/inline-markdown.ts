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

function styleSpan(text: string, c: ChalkInstance, searches: Searches, offset: number, limit: number, options: InlineOptions): string {
  let out = '';
  let i = offset;
  while (i < limit) {
    const ch = text[i];
    if (ch === '\\' && ESCAPABLE.has(text[i + 1] ?? '')) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '*' && text[i + 1] === '*' && text[i + 2] === '*') {
      const end = within(searches.find('***', i + 3, (from) => findUnescaped(text, '***', from)), limit);
      if (end > i + 3) {
        out += c.bold.italic(styleSpan(text, c, searches, i + 3, end, options));
        i = end + 3;
        continue;
      }
    }
    if (ch === '<') {
      const auto = /^<((?:https?|mailto):[^\s<>]+)>/.exec(text.slice(i, Math.min(limit, i + 2048)));
      if (auto) {
        out += options.hyperlinks ? hyperlink(auto[1], c.underline(auto[1])) : c.underline(auto[1]);
        i += auto[0].length;
        continue;
      }
    }
    if (ch === '!' && text[i + 1] === '[') {
      const image = /^!\[([^\]]*)\]\(([^)\s]+)\)/.exec(text.slice(i, Math.min(limit, i + 2048)));
      if (image) {
        out += `${c.italic(image[1] || 'image')} ${c.dim(`(${image[2]})`)}`;
        i += image[0].length;
        continue;
      }
    }
    if (ch === '`') {
      // CommonMark code spans: a run of n backticks closes at the next run of exactly n;
      // a run with no partner is literal backticks, all of it.
      const run = runLength(text, i);
      const end = within(searches.codeClose(i + run, run), limit);
      if (end !== -1) {
        out += c.cyan(codeSpanContent(text.slice(i + run, end)));
        i = end + run;
      } else {
        out += text.slice(i, i + run);
        i += run;
      }
      continue;
    } else if ((ch === '*' || ch === '_') && text[i + 1] === ch) {
      const end = within(searches.find(`${ch}${ch}`, i + 2, (from) => findUnescaped(text, ch + ch, from)), limit);
      if (end > i + 2) {
        out += c.bold(styleSpan(text, c, searches, i + 2, end, options));
        i = end + 2;
        continue;
      }
    } else if ((ch === '*' || ch === '_') && text[i + 1] !== ' ' && text[i + 1] !== undefined && (ch === '*' || !isWordChar(text[i - 1]))) {
      const end = within(searches.find(`close${ch}`, i + 1, (from) => findClosing(text, ch, from)), limit);
      if (end > i + 1) {
        out += c.italic(styleSpan(text, c, searches, i + 1, end, options));
        i = end + 1;
        continue;
      }
    } else if (ch === '~' && text[i + 1] === '~') {
      const end = within(searches.indexOf('~~', i + 2), limit);
      if (end > i + 2) {
        out += c.strikethrough(text.slice(i + 2, end));
        i = end + 2;
        continue;
      }
    } else if (ch === '[' && text[within(searches.indexOf('](', i + 1), limit)] === ']') {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(text.slice(i, Math.min(limit, i + 2048)));
      if (link) {
        out += options.hyperlinks ? hyperlink(link[2], c.underline(link[1])) : `${c.underline(link[1])} ${c.dim(`(${link[2]})`)}`;
        i += link[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
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
