import { ProtocolError } from '../ground/errors.js';

const LF = 10;

/**
 * The longest line (or SSE event) accepted: far above any real event (the largest seen are
 * a few MB of base64 image data), far below what exhausts memory. An endless line from a
 * broken or hostile server becomes a protocol error instead of gigabytes of RAM.
 */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/**
 * Bytes → lines. Lines end in LF, CRLF or CR, mixed freely.
 *
 * Bytes are decoded with one streaming UTF-8 decoder first: CR and LF are ASCII and can
 * never be part of a multi-byte sequence, so splitting the decoded text is the same as
 * splitting the bytes, and a character split across chunks is held by the decoder.
 * A CR that ends a chunk may be the first half of a CRLF split across two chunks, so it
 * is remembered and a LF that starts the next chunk is swallowed.
 * A partial line is kept as a list of pieces and joined once, when its end arrives:
 * no chunk is ever scanned twice, so a line of many megabytes costs linear time.
 */
/**
 * Receives one line: `text.slice(start, end)`, handed over uncut so that a reader which needs
 * only part of it (an SSE field's value) cuts one string instead of two.
 */
export type LineVisitor = (text: string, start: number, end: number) => void;

export class LineDecoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  private pieces: string[] = [];
  /** Characters held in `pieces`. */
  private held = 0;
  private afterCR = false;

  constructor(options: { keepBOM?: boolean } = {}) {
    // A leading BOM is stripped by the decoder itself unless asked to keep it.
    this.decoder = new TextDecoder('utf-8', { ignoreBOM: options.keepBOM ?? false });
  }

  push(bytes: Uint8Array): string[] {
    const lines: string[] = [];
    this.each(bytes, (text, start, end) => lines.push(text.slice(start, end)));
    return lines;
  }

  /** Flushes the decoder; a last line without an ending is returned too. */
  end(): string[] {
    const lines: string[] = [];
    this.endEach((text, start, end) => lines.push(text.slice(start, end)));
    return lines;
  }

  /** `push`, with each line given to `visit` as it is found instead of collected. */
  each(bytes: Uint8Array, visit: LineVisitor): void {
    this.split(this.decoder.decode(bytes, { stream: true }), visit);
  }

  /** `end`, with each line given to `visit`. */
  endEach(visit: LineVisitor): void {
    this.split(this.decoder.decode(), visit);
    if (this.pieces.length > 0) {
      const last = this.pieces.join('');
      this.pieces = [];
      this.held = 0;
      visit(last, 0, last.length);
    }
    this.afterCR = false;
  }

  private split(text: string, visit: LineVisitor): void {
    if (text.length === 0) return;
    let start = 0;
    if (this.afterCR) {
      this.afterCR = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    // Line ends found with indexOf (a native scan), the next CR remembered until passed: CR is
    // rare, so each character is looked at by one native search, not by a loop here.
    let nextCR = text.indexOf('\r', start);
    for (;;) {
      let i = text.indexOf('\n', start);
      if (nextCR !== -1 && (i === -1 || nextCR < i)) i = nextCR;
      if (i === -1) break;
      this.completeLine(text, start, i, visit);
      if (i === nextCR) {
        if (i + 1 === text.length) this.afterCR = true;
        else if (text.charCodeAt(i + 1) === LF) i++;
        nextCR = text.indexOf('\r', i + 1);
      }
      start = i + 1;
    }
    if (start < text.length) {
      this.pieces.push(start === 0 ? text : text.slice(start));
      this.held += text.length - start;
      if (this.held > MAX_LINE_CHARS) throw new ProtocolError(`a line of the answer is longer than ${MAX_LINE_CHARS / 1024 / 1024} MiB; stopped reading`);
    }
  }

  private completeLine(text: string, start: number, end: number, visit: LineVisitor): void {
    if (this.pieces.length === 0) {
      visit(text, start, end);
      return;
    }
    this.pieces.push(text.slice(start, end));
    const line = this.pieces.join('');
    this.pieces = [];
    this.held = 0;
    visit(line, 0, line.length);
  }
}
