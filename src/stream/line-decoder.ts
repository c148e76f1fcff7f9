import { Buffer, isUtf8 } from 'node:buffer';
import { ProtocolError } from '../ground/errors.js';

const LF = 10;
const SPACE = Uint8Array.of(32);

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

/**
 * Offered the text wherever a line starts with nothing held (no piece of a line, no CR waiting
 * for its LF): it may take whole lines from there itself, and answers where it stopped (`at`
 * when it took nothing). What it takes is never given to the visitor.
 */
export type LineSkipper = (text: string, at: number) => number;

export class LineDecoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  private readonly keepBOM: boolean;
  private pieces: string[] = [];
  /** Characters held in `pieces`. */
  private held = 0;
  private afterCR = false;
  /** The streaming decoder holds no part of a character: a whole chunk may be decoded on its own. */
  private clean = true;
  /** Text has been decoded: a BOM now is a character, not a mark to strip. */
  private started = false;
  /** The streaming decoder knows the text has started (it strips a BOM only at the very start). */
  private decoderStarted = false;

  constructor(options: { keepBOM?: boolean } = {}) {
    this.keepBOM = options.keepBOM ?? false;
    // A leading BOM is stripped by the decoder itself unless asked to keep it.
    this.decoder = new TextDecoder('utf-8', { ignoreBOM: this.keepBOM });
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
  each(bytes: Uint8Array, visit: LineVisitor, skip?: LineSkipper): void {
    this.split(this.decode(bytes), visit, skip);
  }

  /**
   * A chunk that is whole, valid UTF-8 by itself (nearly every chunk) is decoded by Buffer, about
   * ten times faster than TextDecoder on Node 20; valid UTF-8 has one decoding, so the text is the
   * same. Anything else — a character cut at either end, invalid bytes — goes to the streaming
   * decoder, which then holds nothing more once a chunk of its ends in an ASCII byte.
   */
  private decode(bytes: Uint8Array): string {
    if (this.clean && isUtf8(bytes)) {
      let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      if (!this.started && text.length > 0) {
        this.started = true;
        if (!this.keepBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      return text;
    }
    // Told that the text has started, so that it strips no BOM found later.
    if (this.started && !this.decoderStarted) this.decoder.decode(SPACE, { stream: true });
    this.decoderStarted = true;
    const text = this.decoder.decode(bytes, { stream: true });
    // Ending in an ASCII byte, the chunk left nothing pending (and that byte is in the text).
    if (bytes.byteLength > 0) this.clean = bytes[bytes.byteLength - 1]! < 0x80;
    if (text.length > 0) this.started = true;
    return text;
  }

  /** `end`, with each line given to `visit`. */
  endEach(visit: LineVisitor): void {
    // Flushed (a character left cut becomes U+FFFD) and reset, as a new stream.
    this.split(this.decoder.decode(), visit);
    this.clean = true;
    this.started = false;
    this.decoderStarted = false;
    if (this.pieces.length > 0) {
      const last = this.pieces.join('');
      this.pieces = [];
      this.held = 0;
      visit(last, 0, last.length);
    }
    this.afterCR = false;
  }

  private split(text: string, visit: LineVisitor, skip?: LineSkipper): void {
    if (text.length === 0) return;
    let start = 0;
    if (this.afterCR) {
      this.afterCR = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    if (skip && this.pieces.length === 0) start = skip(text, start);
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
      // A CR ending the text waits for the next chunk's LF: nothing may be taken before it.
      if (skip && !this.afterCR) {
        start = skip(text, start);
        if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
      }
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
