import { LineDecoder, MAX_LINE_CHARS } from './line-decoder.js';
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
  private data: string[] = [];
  /** Characters in `data`: an event that never ends is bounded like a line. */
  private dataChars = 0;
  private eventType = '';
  private lastId: string | undefined;

  push(bytes: Uint8Array): SseEvent[] {
    return this.feed(this.lines.push(bytes));
  }

  end(): SseEvent[] {
    const events = this.feed(this.lines.end());
    this.data = [];
    this.dataChars = 0;
    this.eventType = '';
    return events;
  }

  /** Feeds already-split lines; exposed so tests can check the field rules alone. */
  feed(lines: readonly string[]): SseEvent[] {
    const events: SseEvent[] = [];
    for (const line of lines) {
      if (line.length === 0) {
        this.dispatch(events);
        continue;
      }
      if (line.charCodeAt(0) === 58 /* : */) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.charCodeAt(0) === 32 /* space */) value = value.slice(1);
      switch (field) {
        case 'data':
          this.data.push(value);
          this.dataChars += value.length + 1;
          if (this.dataChars > MAX_LINE_CHARS) throw new ProtocolError(`an event of the answer is longer than ${MAX_LINE_CHARS / 1024 / 1024} MiB; stopped reading`);
          break;
        case 'event':
          this.eventType = value;
          break;
        case 'id':
          if (!value.includes('\0')) this.lastId = value;
          break;
        default:
          break;
      }
    }
    return events;
  }

  private dispatch(events: SseEvent[]): void {
    if (this.data.length > 0) {
      const event: SseEvent = { event: this.eventType || 'message', data: this.data.join('\n') };
      if (this.lastId !== undefined) event.id = this.lastId;
      events.push(event);
    }
    this.data = [];
    this.dataChars = 0;
    this.eventType = '';
  }
}
