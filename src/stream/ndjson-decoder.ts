import { ProtocolError } from '../ground/errors.js';
import { LineDecoder } from './line-decoder.js';

/** One JSON value per line; blank lines are skipped. A line that is not JSON is a protocol error. */
export class NdjsonDecoder {
  private readonly lines = new LineDecoder();

  push(bytes: Uint8Array): unknown[] {
    return parseLines(this.lines.push(bytes));
  }

  end(): unknown[] {
    return parseLines(this.lines.end());
  }
}

function parseLines(lines: readonly string[]): unknown[] {
  const values: unknown[] = [];
  for (const line of lines) {
    if (line.trim().length === 0) continue;
    values.push(parseJson(line));
  }
  return values;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProtocolError(`expected JSON, got ${preview(text)}`, error);
  }
}

export function preview(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}
