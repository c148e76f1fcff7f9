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

// Bidi overrides and isolates, and zero-width characters: they can make a name read as
// another (`exe.txt` shown for `txt.exe`) or hide text entirely.
const DISGUISING = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

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
  return sanitizeForTerminal(text).replace(DISGUISING, (ch) => `<U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/**
 * JSON for a terminal: C1 controls, which JSON leaves raw inside strings, and characters
 * that disguise text, written as escapes (`\u009b`, `\u202e`): the same JSON, inert.
 */
export function jsonForTerminal(json: string): string {
  // eslint-disable-next-line no-control-regex
  return json.replace(/[\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
