import { LineDecoder, MAX_LINE_CHARS, type LineSkipper } from './line-decoder.js';
import { ProtocolError } from '../ground/errors.js';

export interface SseEvent {
  /** The `event` field, or `message` when none was given. */
  event: string;
  data: string;
  id?: string;
}

/**
 * Server-Sent Events, as the HTML standard parses them: a blank line dispatches, a line
 * starting with `:` is a comment, `field: value` loses one leading space of the value,
 * a line without a colon is a field with an empty value, data lines join with `\n`,
 * unknown fields are ignored and an event without any data line is not dispatched.
 * An event still open when the stream ends is discarded, as the standard says.
 */
export class SseDecoder {
  private readonly lines = new LineDecoder();
  /** The data lines of the event being read, joined with `\n` as they come. */
  private data = '';
  private dataLines = 0;
  private eventType = '';
  private lastId: string | undefined;
  /** Where `visit` puts the events it completes; set for the length of one push. */
  private events: SseEvent[] = [];
  private readonly collect = (event: SseEvent) => this.events.push(event);
  /** Who is handed each event completed; set for the length of one push or `each`. */
  private sink: (event: SseEvent) => void = this.collect;
  private skipper: LineSkipper | undefined;
  private readonly visit = (text: string, start: number, end: number) => this.line(text, start, end);
  /** The skipper, offered only where an event may begin: no data line, no `event` field pending. */
  private readonly skipAtEventStart: LineSkipper = (text, at) => (this.dataLines === 0 && this.eventType === '' ? this.skipper!(text, at) : at);

  push(bytes: Uint8Array): SseEvent[] {
    this.events = [];
    this.sink = this.collect;
    this.lines.each(bytes, this.visit);
    return this.events;
  }

  /**
   * `push`, with each event handed to `onEvent` as it completes, in order. `skip`, when given, is
   * offered the text wherever an event may begin (nothing of one pending) and may take whole
   * events there itself — events of type `message` whose `id` it does not need: a reader that
   * knows the shape of what comes next reads it without the lines and objects made here.
   */
  each(bytes: Uint8Array, onEvent: (event: SseEvent) => void, skip?: LineSkipper): void {
    this.sink = onEvent;
    this.skipper = skip;
    try {
      this.lines.each(bytes, this.visit, skip && this.skipAtEventStart);
    } finally {
      this.sink = this.collect;
      this.skipper = undefined;
    }
  }

  end(): SseEvent[] {
    this.events = [];
    this.lines.endEach(this.visit);
    this.data = '';
    this.dataLines = 0;
    this.eventType = '';
    return this.events;
  }

  /** Feeds already-split lines; exposed so tests can check the field rules alone. */
  feed(lines: readonly string[]): SseEvent[] {
    this.events = [];
    for (const line of lines) this.line(line, 0, line.length);
    return this.events;
  }

  /** One line, `text.slice(start, end)`. */
  private line(text: string, start: number, end: number): void {
    if (start === end) return this.dispatch();
    if (text.charCodeAt(start) === 58 /* : */) return;
    // `data` first, its value cut straight out of the text: nearly every line of a stream is one.
    if (text.startsWith('data', start) && (start + 4 === end || text.charCodeAt(start + 4) === 58)) {
      let valueStart = start + 5;
      if (valueStart < end && text.charCodeAt(valueStart) === 32 /* space */) valueStart++;
      return this.addData(valueStart < end ? text.slice(valueStart, end) : '');
    }
    const line = text.slice(start, end);
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* space */) value = value.slice(1);
    if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    // Unknown fields (and `retry`, which only a browser acts on) are ignored.
  }

  private addData(value: string): void {
    this.data = this.dataLines === 0 ? value : `${this.data}\n${value}`;
    this.dataLines++;
    // Counted as the joined text: an event that never ends is bounded like a line.
    if (this.data.length + 1 > MAX_LINE_CHARS) throw new ProtocolError(`an event of the answer is longer than ${MAX_LINE_CHARS / 1024 / 1024} MiB; stopped reading`);
  }

  private dispatch(): void {
    if (this.dataLines > 0) {
      const event: SseEvent = { event: this.eventType || 'message', data: this.data };
      if (this.lastId !== undefined) event.id = this.lastId;
      this.sink(event);
    }
    this.data = '';
    this.dataLines = 0;
    this.eventType = '';
  }
}
