/**
 * Makes model text safe for a terminal: every C0 control but LF and TAB, DEL and every C1
 * control becomes a visible symbol, so no escape sequence (CSI, OSC, DCS, cursor moves,
 * clear-screen, title changes, BEL) from the model can ever act on the terminal.
 * CRLF is a line ending and becomes LF; a lone CR would overwrite the line, so it is shown.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function sanitizeForTerminal(text: string): string {
  return text.replace(UNSAFE, visible);
}

function visible(match: string): string {
  if (match === '\r\n') return '\n';
  const code = match.charCodeAt(0);
  if (code === 0x1b) return '␛';
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '␡';
  return `\\x${code.toString(16)}`;
}

/**
 * Characters that show nothing, or change how the text around them reads: every format
 * character (Unicode category Cf: bidi overrides and isolates, zero-width joiners, the soft
 * hyphen, tag characters, the Arabic letter mark), every other default-ignorable code point
 * (Hangul fillers, Mongolian and other variation selectors, the combining grapheme joiner,
 * Khmer inherent vowels, the unassigned U+E0000–E0FFF block), the line and paragraph
 * separators, and the Braille blank, which renders as an empty cell.
 */
const INVISIBLE_CLASS =
  '\\p{Cf}\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u2028\\u2029\\u2065\\u2800\\u3164\\ufe00-\\ufe0f\\uffa0\\ufff0-\\ufff8\\u{1bca0}-\\u{1bca3}\\u{1d173}-\\u{1d17a}\\u{e0000}-\\u{e0fff}';
/** One invisible character. */
export const INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}]`, 'u');

/**
 * The same, except where an emoji needs it and it cannot hide anything: the variation selector
 * that asks for emoji style right after a pictograph (❤️), and the joiner between two
 * pictographs (👩‍💻). Anywhere else they are shown.
 */
const DISGUISING = new RegExp(`(?<!\\p{Extended_Pictographic})\\ufe0f|\\u200d(?!\\p{Extended_Pictographic})|(?<!\\p{Extended_Pictographic}[\\u{1f3fb}-\\u{1f3ff}\\ufe0f]?)\\u200d|(?!\\ufe0f|\\u200d)[${INVISIBLE_CLASS}]`, 'gu');

/** `<U+202E>`: how an invisible character is shown. */
export function codePointLabel(ch: string): string {
  return `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * A short piece of outside text on one line (a model name from a server, a session name or
 * title, a server's reason): sanitised, its line breaks shown, and every character that
 * could disguise it made visible as `<U+202E>`.
 */
export function sanitizeLabel(text: string): string {
  return sanitizeOutsideText(text.replace(/\r?\n/g, '␊'));
}

/**
 * Outside text of several lines (a tool's result): sanitised, and every character that could
 * disguise it made visible as `<U+202E>`; its line breaks kept.
 */
export function sanitizeOutsideText(text: string): string {
  return sanitizeForTerminal(text).replace(DISGUISING, codePointLabel);
}

/**
 * JSON for a terminal: C1 controls, which JSON leaves raw inside strings, and characters
 * that disguise text, written as escapes (`\u009b`, `\u202e`): the same JSON, inert.
 */
export function jsonForTerminal(json: string): string {
  // eslint-disable-next-line no-control-regex
  return json.replace(/[\u0080-\u009f]/g, jsonEscape).replace(DISGUISING, jsonEscape);
}

function jsonEscape(ch: string): string {
  return [...ch]
    .flatMap((c) => (c.length === 2 ? [c.charCodeAt(0), c.charCodeAt(1)] : [c.charCodeAt(0)]))
    .map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`)
    .join('');
}
