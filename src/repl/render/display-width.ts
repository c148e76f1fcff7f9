/**
 * Columns a string takes in a terminal. The cursor rewind of the renderer depends on it:
 * zero-width characters and combining marks take none, wide East Asian characters and
 * emoji two. Printable ASCII (nearly every line) is its length. Other text is measured by
 * string-width, a maintained implementation of the Unicode rules, loaded in the background
 * the first time it is needed (it costs ~25 ms to load and ~15 ms to warm up, too much to
 * pay before the first answer byte); until then a close approximation stands in.
 */
let stringWidth: ((text: string) => number) | undefined;
let loading: Promise<unknown> | undefined;

// eslint-disable-next-line no-control-regex
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  if (stringWidth) return stringWidth(text);
  loading ??= import('string-width').then(
    (module) => (stringWidth = module.default),
    () => undefined,
  );
  return approximateWidth(text);
}

/** Marks and format characters (zero-width space, joiners, bidi controls) take no column. */
const ZERO_WIDTH = /^[\p{M}\p{Cf}]$/u;

function approximateWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x300) width += 1;
    else if (ZERO_WIDTH.test(ch)) continue;
    else width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** The terminal's width, or 80 when it reports none or 0 (a serial console, `docker -t` before its first resize). */
export function usableColumns(columns: number | undefined): number {
  return columns && columns > 0 ? columns : 80;
}
