import { usableColumns } from './render/display-width.js';
import { Transform, type TransformCallback } from 'node:stream';

/** Stands for a newline inside pasted text, so that readline sees one line. */
export const PASTED_NEWLINE = '\u2424';

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';
const CTRL_C = '\u0003';
/** Most typed-ahead input kept while an answer streams. */
const MAX_HELD = 64 * 1024;

/**
 * Sits between the terminal and readline. While the user types, it forwards keys, and
 * turns the newlines of a bracketed paste into PASTED_NEWLINE so a pasted block is one
 * message. While an answer streams it holds keys back (nothing typed lands in the output)
 * and hands them to readline when the next prompt opens, as a shell keeps typed-ahead
 * input; Ctrl-C is reported at once, so the answer can be stopped.
 */
export class InputGate extends Transform {
  private mode: 'typing' | 'busy' | 'off' = 'typing';
  private pasting = false;
  private carry = '';
  /** Keys typed while busy, for the next prompt. */
  private held = '';
  onInterrupt: (() => void) | undefined;
  /** readline sets up raw mode and reads the size through these. */
  readonly isTTY = true;

  constructor(private readonly terminal: NodeJS.ReadStream) {
    super({ decodeStrings: false, encoding: 'utf8' });
  }

  get columns(): number {
    return usableColumns((this.terminal as unknown as { columns?: number }).columns);
  }

  setRawMode(mode: boolean): this {
    this.terminal.setRawMode?.(mode);
    return this;
  }

  /** typing: keys go to readline; busy: only Ctrl-C counts; off: another prompt owns the terminal. */
  setMode(mode: 'typing' | 'busy' | 'off'): void {
    this.mode = mode;
    if (mode === 'typing' && this.held) {
      const held = this.held;
      this.held = '';
      this.push(this.rewritePaste(held));
    }
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = this.carry + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    this.carry = '';
    if (this.mode === 'off') return done();
    if (this.mode === 'busy') {
      if (text.includes(CTRL_C)) {
        // Stopping the answer also drops what was typed ahead: Ctrl-C means "stop".
        this.held = '';
        this.onInterrupt?.();
      } else if (this.held.length + text.length <= MAX_HELD) this.held += text;
      return done();
    }
    done(null, this.rewritePaste(text));
  }

  private rewritePaste(text: string): string {
    let out = '';
    let i = 0;
    while (i < text.length) {
      const marker = this.pasting ? PASTE_END : PASTE_START;
      const at = text.indexOf(marker, i);
      const segment = at === -1 ? text.slice(i) : text.slice(i, at);
      out += this.pasting ? segment.replace(/\r\n|\r|\n/g, PASTED_NEWLINE) : segment;
      if (at === -1) break;
      this.pasting = !this.pasting;
      i = at + marker.length;
    }
    // A marker cut in two by the chunking is kept for the next chunk.
    const partial = partialMarkerSuffix(out);
    if (partial) {
      this.carry = partial;
      out = out.slice(0, -partial.length);
    }
    return out;
  }
}

function partialMarkerSuffix(text: string): string {
  for (let n = Math.min(PASTE_START.length - 1, text.length); n > 0; n--) {
    const suffix = text.slice(-n);
    if (PASTE_START.startsWith(suffix) || PASTE_END.startsWith(suffix)) return suffix;
  }
  return '';
}
