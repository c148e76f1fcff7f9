import { redact } from '../ground/redact.js';
import { codePointLabel, INVISIBLE, sanitizeLabel } from '../ground/terminal-safe-text.js';

/**
 * How a call is shown before it runs, on its line and in history: one display for every
 * "run this?" question. The arguments are decoded (a JSON escape such as `\u0074` is shown as
 * the character it is), redacted, sanitised; each value whole when short, a long one cut in
 * the middle with the count of what is hidden, and runs of blanks or invisible characters
 * collapsed with their count, so nothing can push what runs off the screen.
 */

/** Characters of arguments shown in a prompt: 8 rows of an 80-column terminal. */
export const PROMPT_BUDGET = 640;
/** Most arguments shown; the rest are counted. */
const MAX_KEYS = 12;
/** A name or key is a word, not a paragraph. */
const MAX_NAME = 60;
/** No value is cut shorter than this, however many there are. */
const MIN_VALUE = 24;

export interface DisplayOptions {
  /** Most characters the arguments take (the name and punctuation aside). */
  budget?: number;
  /** The real path a path argument resolves to, when it is not the path as written. */
  realPath?(tool: string, path: string): string | undefined;
}

/** `files__read {"path":"notes.txt"}`; `run_command $ ls -la` (the command as the shell gets it). */
export function describeCall(name: string, args: string, options: DisplayOptions = {}): string {
  const budget = options.budget ?? PROMPT_BUDGET;
  const shownName = displayText(name, MAX_NAME);
  const parsed = parseArguments(args);
  if (isShellCommand(name, parsed)) return `${shownName} $ ${displayCommand(parsed.command, budget)}`;
  if (parsed === undefined) return `${shownName} ${displayText(args, budget)}`;
  return `${shownName} ${displayValue(parsed, budget, name, options)}`;
}

/** A command the user's shell will run, as the shell will get it: for `ask --shell` and run_command. */
export function displayCommand(command: string, budget = PROMPT_BUDGET): string {
  return displayText(command, budget);
}

function isShellCommand(name: string, parsed: unknown): parsed is { command: string } {
  if (name !== 'run_command' || !parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  const keys = Object.keys(parsed);
  return keys.length === 1 && typeof (parsed as { command?: unknown }).command === 'string';
}

function parseArguments(args: string): unknown {
  try {
    return JSON.parse(args === '' ? '{}' : args);
  } catch {
    return undefined;
  }
}

function displayValue(value: unknown, budget: number, tool: string, options: DisplayOptions, key?: string): string {
  if (typeof value === 'string') {
    const shown = `"${displayText(value, budget, true)}"`;
    const real = key === 'path' ? options.realPath?.(tool, value) : undefined;
    return real !== undefined && real !== value ? `${shown} → ${displayText(real, budget, true)}` : shown;
  }
  if (value === null || typeof value !== 'object') return displayText(String(value), budget);
  if (Array.isArray(value)) return displayText(JSON.stringify(value), budget);
  const entries = Object.entries(value);
  const shown = entries.slice(0, MAX_KEYS);
  const each = Math.max(MIN_VALUE, Math.floor(budget / Math.max(1, shown.length)));
  const parts = shown.map(([k, v]) => `"${displayText(k, MAX_NAME, true)}":${typeof v === 'object' && v !== null ? displayText(JSON.stringify(v), each) : displayValue(v, each, tool, options, k)}`);
  if (entries.length > shown.length) parts.push(`⟨${entries.length - shown.length} more arguments⟩`);
  return `{${parts.join(',')}}`;
}

/** A piece of the display: plain text (cut anywhere) or a marker shown whole. */
interface Piece {
  text: string;
  /** Characters of the value it stands for. */
  raw: number;
  marker: boolean;
}

const WHITESPACE_NAMES: Record<string, string> = { ' ': 'spaces', '\n': 'line breaks', '\t': 'tabs' };
const SINGLE_BLANK: Record<string, string> = { '\n': '␊', '\t': '␉', '\r': '␍' };

/** Blank runs, runs of invisible characters (and controls), and the plain text between. */
const PIECES = new RegExp(`\\s+|(${INVISIBLE.source.slice(0, -1)}\\p{Cc}])\\1*|[^\\s\\p{Cc}${INVISIBLE.source.slice(1, -1)}]+`, 'gsu');

function piecesOf(text: string, quoted: boolean): Piece[] {
  const pieces: Piece[] = [];
  for (const match of text.matchAll(PIECES)) {
    const run = match[0];
    const chars = [...run];
    if (match[1] === undefined && !/^\s/u.test(run)) {
      pieces.push({ text: quoted ? run.replace(/["\\]/g, '\\$&') : run, raw: chars.length, marker: false });
    } else {
      pieces.push({ text: blankOrInvisible(run, chars), raw: chars.length, marker: true });
    }
  }
  return pieces;
}

function blankOrInvisible(run: string, chars: string[]): string {
  if (/^ {1,3}$/.test(run)) return run;
  const one = (ch: string) => SINGLE_BLANK[ch] ?? (ch === ' ' ? ' ' : /\p{Cc}/u.test(ch) ? sanitizeLabel(ch) : codePointLabel(ch));
  if (chars.length === 1) return one(run);
  if (chars.every((c) => c === chars[0])) return `⟨${chars.length} ${WHITESPACE_NAMES[chars[0]] ?? `× ${one(chars[0])}`}⟩`;
  return `⟨${chars.length} blank characters⟩`;
}

/**
 * One value on one line, at most about `budget` characters: redacted first (a cut must never
 * leave half a key), then collapsed and sanitised, then cut in the middle if still too long.
 */
export function displayText(value: string, budget: number, quoted = false): string {
  const pieces = piecesOf(redact(value), quoted);
  const length = pieces.reduce((sum, p) => sum + p.text.length, 0);
  if (length <= budget) return pieces.map((p) => p.text).join('');
  const half = Math.max(4, Math.floor((budget - 28) / 2));
  const head = take(pieces, half, false);
  const tail = take(pieces, half, true);
  const total = pieces.reduce((sum, p) => sum + p.raw, 0);
  return `${head.text}⟨…${total - head.raw - tail.raw} characters hidden…⟩${tail.text}`;
}

/** Pieces from the start (or the end) up to `room` characters; plain text may be cut, markers not. */
function take(pieces: Piece[], room: number, fromEnd: boolean): { text: string; raw: number } {
  const kept: string[] = [];
  let raw = 0;
  const order = fromEnd ? [...pieces].reverse() : pieces;
  for (const piece of order) {
    if (room <= 0) break;
    if (piece.text.length <= room) {
      kept.push(piece.text);
      raw += piece.raw;
      room -= piece.text.length;
      continue;
    }
    if (piece.marker) break;
    const chars = [...piece.text];
    const part = fromEnd ? chars.slice(chars.length - room) : chars.slice(0, room);
    kept.push(part.join(''));
    raw += part.length;
    break;
  }
  return { text: (fromEnd ? kept.reverse() : kept).join(''), raw };
}
