import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineDecoder } from '../../src/stream/line-decoder.js';
import { NdjsonDecoder } from '../../src/stream/ndjson-decoder.js';
import { SseDecoder, type SseEvent } from '../../src/stream/sse-decoder.js';
import { cutAt as cut, decodeAll } from '../helpers/chunking.js';

const encoder = new TextEncoder();


const lineEnding = fc.constantFrom('\n', '\r', '\r\n');
const text = fc.string({ unit: fc.constantFrom('a', 'é', '日', '🎉', ':', ' ', 'd', 'x') });
const sseLine = fc.oneof(
  fc.tuple(fc.constantFrom('data', 'event', 'id', 'retry', 'foo', 'data ', ''), fc.constantFrom(':', ': ', ''), text).map(([f, sep, v]) => `${f}${sep}${v}`),
  text.map((t) => `:${t}`),
  fc.constant(''),
);
const sseDocument = fc.array(fc.tuple(sseLine, lineEnding), { maxLength: 30 }).map((lines) => lines.map(([l, e]) => l + e).join(''));

/** The HTML standard's event-stream interpretation, written plainly over the whole text at once. */
function referenceSse(input: string): SseEvent[] {
  const body = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const lines = body.split(/\r\n|\r|\n/);
  // The last piece has no line ending: it is not a complete line and is never processed.
  lines.pop();
  const events: SseEvent[] = [];
  let data: string[] = [];
  let type = '';
  let id: string | undefined;
  for (const line of lines) {
    if (line === '') {
      if (data.length > 0) events.push({ event: type || 'message', data: data.join('\n'), ...(id !== undefined ? { id } : {}) });
      data = [];
      type = '';
    } else if (!line.startsWith(':')) {
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') type = value;
      else if (field === 'id' && !value.includes('\0')) id = value;
    }
  }
  return events;
}

describe('decoder properties', () => {
  it('the line decoder gives the same lines for any chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, lineEnding)).map((ls) => ls.map(([l, e]) => l + e).join('')), fc.array(fc.nat()), (doc, offsets) => {
        const bytes = encoder.encode(doc);
        expect(decodeAll(new LineDecoder(), cut(bytes, offsets))).toEqual(decodeAll(new LineDecoder(), [bytes]));
      }),
      { numRuns: 300 },
    );
  });

  it('the SSE decoder gives the same events for any chunking', () => {
    fc.assert(
      fc.property(sseDocument, fc.array(fc.nat()), (doc, offsets) => {
        const bytes = encoder.encode(doc);
        expect(decodeAll(new SseDecoder(), cut(bytes, offsets))).toEqual(decodeAll(new SseDecoder(), [bytes]));
      }),
      { numRuns: 300 },
    );
  });

  it("the SSE decoder agrees with the standard's rules on random field, comment and line-ending mixes", () => {
    fc.assert(
      fc.property(sseDocument, (doc) => {
        expect(decodeAll(new SseDecoder(), [encoder.encode(doc)])).toEqual(referenceSse(doc));
      }),
      { numRuns: 500 },
    );
  });

  it('the NDJSON decoder gives the same objects for any chunking', () => {
    const objects = fc.array(fc.record({ a: text, n: fc.integer() }), { maxLength: 20 });
    fc.assert(
      fc.property(objects, lineEnding, fc.array(fc.nat()), (values, ending, offsets) => {
        const bytes = encoder.encode(values.map((v) => JSON.stringify(v) + ending).join(''));
        expect(decodeAll(new NdjsonDecoder(), cut(bytes, offsets))).toEqual(values);
      }),
      { numRuns: 300 },
    );
  });
});
