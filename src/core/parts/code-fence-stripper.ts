/** A fence line: up to three spaces, three or more backticks or tildes, an optional info string. */
const FENCE = /^ {0,3}(`{3,}|~{3,})([^`]*)$/;
/** A start of line that may still become a fence once more of it arrives. */
const MAYBE_FENCE = /^ {0,3}(`{0,2}|~{0,2})$|^ {0,3}(`{3,}|~{3,})/;

/** Lines held at the start while the answer may still turn out to be prose before a fence. */
const LEAD_LINES = 4;

/**
 * `ask --code`: the answer as code alone, streamed a line at a time. When a fence comes
 * within the first few lines, only what is inside fenced blocks is kept (a "Here you go:"
 * before and prose after are the model disobeying); otherwise the text passes through with
 * any fence lines left out. A line is held only while it could still turn out to be a
 * fence, and the first few while a fence may still follow them.
 */
export class CodeFenceStripper {
  private partial = '';
  /** The current line was already let through: it cannot be a fence. */
  private committed = false;
  private mode: 'undecided' | 'plain' | 'fenced' = 'undecided';
  private open?: { char: string; length: number };
  private blocks = 0;
  /** Lines seen before deciding: dropped if a fence follows, let through otherwise. */
  private lead: string[] = [];

  push(text: string): string {
    let out = '';
    for (;;) {
      const newline = text.indexOf('\n');
      if (newline === -1) break;
      out += this.line(this.partial + text.slice(0, newline + 1));
      this.partial = '';
      text = text.slice(newline + 1);
    }
    this.partial += text;
    if (!this.committed && this.partial && this.emitting() && !MAYBE_FENCE.test(this.partial)) this.committed = true;
    if (this.committed) {
      out += this.partial;
      this.partial = '';
    }
    return out;
  }

  /** What is left at the end of the answer. */
  end(): string {
    const rest = this.partial;
    this.partial = '';
    const out = rest ? this.line(rest) : '';
    // An answer of a few lines and no fence is all code.
    return this.mode === 'undecided' ? this.decidePlain() : out;
  }

  /** Whether text arriving now belongs to the output (a line already let through aside). */
  private emitting(): boolean {
    return this.mode === 'plain' || (this.mode === 'fenced' && this.open !== undefined);
  }

  private decidePlain(): string {
    this.mode = 'plain';
    const lead = this.lead.join('');
    this.lead = [];
    return lead;
  }

  /** One complete line (with its newline, unless it ends the answer). */
  private line(line: string): string {
    if (this.committed) {
      this.committed = false;
      return line;
    }
    const fence = FENCE.exec(line.replace(/\r?\n$/, ''));
    if (this.mode === 'undecided') {
      if (fence) {
        this.mode = 'fenced';
        this.lead = [];
      } else {
        if (line.trim() !== '' || this.lead.length > 0) this.lead.push(line);
        return this.lead.filter((l) => l.trim() !== '').length >= LEAD_LINES ? this.decidePlain() : '';
      }
    }
    if (this.mode === 'plain') return fence ? '' : line;
    if (this.open) {
      const closes = fence && fence[1][0] === this.open.char && fence[1].length >= this.open.length && fence[2].trim() === '';
      if (!closes) return line;
      this.open = undefined;
      this.blocks++;
      return '';
    }
    if (!fence) return '';
    this.open = { char: fence[1][0], length: fence[1].length };
    // Blocks after the first are parted by a blank line.
    return this.blocks > 0 ? '\n' : '';
  }
}
