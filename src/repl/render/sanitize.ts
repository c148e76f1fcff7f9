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
