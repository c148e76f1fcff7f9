import { usableColumns } from './render/display-width.js';
import { Transform, type TransformCallback } from 'node:stream';

/** Stands for a newline inside pasted text, so that readline sees one line. */
export const PASTED_NEWLINE = '\u2424';

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';
const ESC = '\u001b';
const CTRL_C = '\u0003';
const CTRL_R = '\u0012';
const CTRL_X = '\u0018';
const CTRL_E = '\u0005';
/** Most typed-ahead input kept while an answer streams. */
const MAX_HELD = 64 * 1024;

/**
 * Sits between the terminal and readline. While the user types, it forwards keys, and
 * turns the newlines of a bracketed paste into PASTED_NEWLINE so a pasted block is one
 * message. While an answer streams it holds keys back (nothing typed lands in the output)
 * and hands them to readline a line per prompt as prompts open, as a shell keeps typed-ahead
 * input; Ctrl-C is reported at once, so the answer can be stopped.
 */
export class InputGate extends Transform {
  private mode: 'typing' | 'busy' | 'off' = 'typing';
  private pasting = false;
  private carry = '';
  /** Keys typed while busy (or between prompts), for the next prompt. */
  private held = '';
  /** A prompt is drawn and waits for a line: only then do typed keys reach readline (and echo). */
  private atPrompt = false;
  onInterrupt: (() => void) | undefined;
  /** While set (busy only), the next keys typed answer a question instead of being held. */
  keyReader: ((keys: string) => void) | undefined;
  /** Ctrl-R (search the input history) and Ctrl-X Ctrl-E (edit the line in $EDITOR), while typing. */
  onSpecialKey: ((key: 'search' | 'edit') => void) | undefined;
  /** While set, typed keys go here instead of readline (the history search owns them). */
  capture: ((keys: string) => void) | undefined;
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
  }

  /**
   * Called once a prompt is drawn: hands readline what was typed ahead, up to and including
   * its first Enter. Each later line waits for a prompt of its own, so its echo lands after
   * the output of the line before (a command's, an answer's status line), never inside it.
   */
  releaseTypedAhead(): void {
    this.atPrompt = true;
    if (this.mode !== 'typing' || !this.held) return;
    const end = lineEnd(this.held, this.pasting);
    const line = end === -1 ? this.held : this.held.slice(0, end);
    this.held = end === -1 ? '' : this.held.slice(end);
    this.forward(line);
  }

  /** readline took a line: keys typed from now on wait for the next prompt. */
  promptClosed(): void {
    this.atPrompt = false;
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const incoming = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    // The Esc key alone (a terminal sends a whole escape sequence in one write) means nothing
    // at the prompt; handed on, readline would read it with the next key as Alt+key, and
    // Esc then Ctrl-D would not leave. The history search still gets it.
    if (incoming === ESC && this.mode === 'typing' && !this.capture && !this.pasting) return done();
    const text = this.carry + incoming;
    this.carry = '';
    if (this.mode === 'off') return done();
    if (this.mode === 'busy') {
      const reader = this.keyReader;
      this.keyReader = undefined;
      if (text.includes(CTRL_C)) {
        // Stopping the answer also drops what was typed ahead: Ctrl-C means "stop".
        this.held = '';
        this.onInterrupt?.();
        reader?.(CTRL_C);
      } else if (reader) reader(text);
      else if (this.held.length + text.length <= MAX_HELD) this.held += text;
      return done();
    }
    if (this.held || !this.atPrompt) {
      // Between prompts (a command running, an answer just ended) or behind earlier lines
      // typed ahead, keys wait for a prompt; Ctrl-C drops them all and reaches readline.
      if (text.includes(CTRL_C)) {
        this.held = '';
        this.forward(text);
      } else if (this.held.length + text.length <= MAX_HELD) this.held += text;
      return done();
    }
    this.forward(text);
    done();
  }

  /** Typed keys to readline, but for the special keys (outside a paste) and a search in progress. */
  private forward(text: string): void {
    while (text) {
      if (this.capture && !this.pasting) {
        this.capture(text);
        return;
      }
      const special = this.pasting || !this.onSpecialKey ? -1 : firstSpecialKey(text);
      if (special === -1) {
        // A lone Ctrl-X at the end may be the start of Ctrl-X Ctrl-E.
        if (!this.pasting && this.onSpecialKey && text.endsWith(CTRL_X)) {
          this.carry = CTRL_X;
          text = text.slice(0, -1);
        }
        const out = this.rewritePaste(text);
        if (out) this.push(out);
        return;
      }
      const before = this.rewritePaste(text.slice(0, special));
      if (before) this.push(before);
      const edit = text.startsWith(CTRL_X + CTRL_E, special);
      text = text.slice(special + (edit ? 2 : 1));
      this.onSpecialKey!(edit ? 'edit' : 'search');
    }
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

/**
 * Where the first line of typed keys ends (just after its Enter, with the \n of a \r\n), or
 * -1 when no Enter was typed. A newline inside a bracketed paste does not end the line.
 */
export function lineEnd(text: string, pasting: boolean): number {
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith(PASTE_START, i)) pasting = true;
    else if (text.startsWith(PASTE_END, i)) pasting = false;
    else if (!pasting && (text[i] === '\r' || text[i] === '\n')) return text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
  }
  return -1;
}

/** Where the first Ctrl-R or Ctrl-X Ctrl-E is, or -1. */
function firstSpecialKey(text: string): number {
  const search = text.indexOf(CTRL_R);
  const edit = text.indexOf(CTRL_X + CTRL_E);
  if (search === -1) return edit;
  return edit === -1 ? search : Math.min(search, edit);
}

function partialMarkerSuffix(text: string): string {
  for (let n = Math.min(PASTE_START.length - 1, text.length); n > 0; n--) {
    const suffix = text.slice(-n);
    if (PASTE_START.startsWith(suffix) || PASTE_END.startsWith(suffix)) return suffix;
  }
  return '';
}
