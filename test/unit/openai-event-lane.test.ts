import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { takeEvents, type ReadWords } from '../../src/providers/openai/event-lane.js';
import { EventTemplate } from '../../src/providers/openai/event-template.js';
import { OpenAIEvents, type EventBatch } from '../../src/providers/openai/openai-events.js';
import { SseDecoder } from '../../src/stream/sse-decoder.js';
import { cutAt as cut } from '../helpers/chunking.js';
import { DEEPSEEK_REASONING, GROQ_REASONING, INLINE_THINK, OPENAI_REFUSAL, OPENAI_TEXT } from '../fixtures/recorded-shapes.js';

/**
 * The lane reads events of a learnt shape straight from a chunk's text, beside the SSE decoder.
 * Whatever the stream and wherever the network cuts it, each read must give exactly what the
 * decoder's events read one by one give: the same words of each kind, in the same order, the
 * same end, the same error.
 */

const encoder = new TextEncoder();

/** What a batch tells, comparable: parts, done, and the error's class and message. */
const told = (batch: EventBatch) => ({ parts: batch.parts, done: batch.done, error: batch.error === undefined ? undefined : `${(batch.error as Error).name}: ${(batch.error as Error).message}` });

/** Every read of `chunks`, then the stream's end, as the reader without the lane gives it and as the lane gives it. */
function bothWays(chunks: Uint8Array[]) {
  const run = (lane: boolean) => {
    const reader = new OpenAIEvents('test');
    const decoder = new SseDecoder();
    const reads: unknown[] = [];
    for (const bytes of chunks) {
      const batch = lane ? reader.readBytes(decoder, bytes) : reader.read(decoder.push(bytes));
      reads.push(told(batch));
      if (batch.error !== undefined || batch.done) return reads;
    }
    reads.push(told(reader.read(decoder.end())));
    try {
      reads.push(reader.end(true));
    } catch (error) {
      reads.push(`${(error as Error).name}: ${(error as Error).message}`);
    }
    return reads;
  };
  return { general: run(false), lane: run(true) };
}


const HEAD = '{"id":"chatcmpl-L1","object":"chat.completion.chunk","created":1770933892,"model":"m","system_fingerprint":"fp_1","choices":[{"index":0,"delta":';
const textEvent = (body: string, extra = '') => `${HEAD}{"content":"${body}"},"logprobs":null,"finish_reason":null}]${extra}}`;
const reasoningEvent = (body: string) => `${HEAD}{"reasoning_content":"${body}"},"logprobs":null,"finish_reason":null}]}`;

/** Raw JSON string bodies: plain, escaped, multi-byte, and ones that are not valid JSON at all. */
const body = fc.constantFrom('Hello', ' world', '', 'tok1 ', 'é 日 🎉', '\\n', 'a \\" quote', 'back\\\\', '\\\\', '\\ud83d', '\\u0000', 'raw\ttab', 'raw\rcr', 'bad \\x escape', 'q"uote');
/** One line's ending, as servers write them. */
const ending = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
/** The pieces a stream is made of: events of a few shapes, and everything else SSE allows between them. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(body, fc.constantFrom('data: ', 'data: ', 'data:', 'data:  '), ending, ending).map(([b, field, e1, e2]) => `${field}${textEvent(b)}${e1}${e2}`) },
  { weight: 2, arbitrary: fc.tuple(body, fc.constantFrom('', ',"obfuscation":"Qa1"', ',"obfuscation":"x\\"y"')).map(([b, extra]) => `data: ${textEvent(b, extra)}\n\n`) },
  { weight: 2, arbitrary: body.map((b) => `data: ${reasoningEvent(b)}\n\n`) },
  { weight: 1, arbitrary: body.map((b) => `event: error\ndata: ${textEvent(b)}\n\n`) },
  { weight: 1, arbitrary: body.map((b) => `id: 7\ndata: ${textEvent(b)}\n\n`) },
  { weight: 1, arbitrary: body.map((b) => `: keep-alive\ndata: ${textEvent(b)}\n\n`) },
  // One event's data split over two data lines: joined with a line feed, it is one JSON text.
  { weight: 1, arbitrary: body.map((b) => `data: ${HEAD}{"content":"${b}"},\ndata: "logprobs":null,"finish_reason":null}]}\n\n`) },
  // The closing quote on the next line: not a string that ends in this event.
  { weight: 1, arbitrary: body.map((b) => `data: ${HEAD}{"content":"${b}\n"},"logprobs":null,"finish_reason":null}]}\n\n`) },
  { weight: 1, arbitrary: fc.constantFrom(`data: ${HEAD}{"content":"x"},"logprobs":null,"finish_reason":"stop"}]}\n\n`, 'data: [DONE]\n\n', 'retry: 10\n', '\n', ': comment\n') },
);
const stream = fc.array(piece, { minLength: 1, maxLength: 14 }).map((pieces) => pieces.join(''));

describe('the event lane', () => {
  it('reads every stream, cut anywhere, exactly as the decoder and the general reader do (property)', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 8 }), (text, offsets) => {
        const { general, lane } = bothWays(cut(encoder.encode(text), offsets));
        expect(lane).toEqual(general);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the recorded streams, cut at every single byte, as the general reader does', () => {
    for (const recorded of [OPENAI_TEXT, OPENAI_REFUSAL, DEEPSEEK_REASONING, GROQ_REASONING, INLINE_THINK]) {
      const bytes = encoder.encode(`${recorded.map((data) => `data: ${data}\n\n`).join('')}data: [DONE]\n\n`);
      for (let at = 0; at <= bytes.length; at++) {
        const { general, lane } = bothWays([bytes.subarray(0, at), bytes.subarray(at)]);
        expect(lane, `cut at ${at}`).toEqual(general);
      }
    }
  });

  it('takes whole events of the shape and stops at the first byte it cannot vouch for', () => {
    const template = EventTemplate.learn(textEvent('Hi'), JSON.parse(textEvent('Hi')))!;
    const words: ReadWords = { text: '', reasoning: '', refusal: '' };
    const text = `data: ${textEvent('a')}\n\ndata:${textEvent('b')}\r\n\r\ndata: ${textEvent('c')}\r\rdata: ${textEvent('d')}\n`;
    const stopped = takeEvents(template, text, 0, words);
    // a and b are whole; c ends its lines with lone CRs, which the lane leaves to the decoder.
    expect(words.text).toBe('ab');
    expect(text.slice(stopped).startsWith(`data: ${textEvent('c')}\r\r`)).toBe(true);
    // d is whole but for its blank line: it waits for the next chunk.
    const d = `data: ${textEvent('d')}\n`;
    expect(takeEvents(template, d, 0, words)).toBe(0);
    // A lone CR ending the text may be the first half of a CR LF: nothing is taken before it.
    expect(takeEvents(template, `data: ${textEvent('e')}\r`, 0, words)).toBe(0);
    expect(takeEvents(template, `data: ${textEvent('e')}\n\r`, 0, words)).toBe(0);
    expect(words.text).toBe('ab');
  });

  it('takes events whatever mix of LF, CR LF and lone CR ends their data line and their blank line', () => {
    const template = EventTemplate.learn(textEvent('Hi'), JSON.parse(textEvent('Hi')))!;
    const words: ReadWords = { text: '', reasoning: '', refusal: '' };
    const text = `data: ${textEvent('a')}\r\n\ndata: ${textEvent('b')}\n\rdata: ${textEvent('c')}\n\r\ndata:`;
    expect(text.slice(takeEvents(template, text, 0, words))).toBe('data:');
    expect(words.text).toBe('abc');
  });

  it('reads only data lines: the text of an event after another field or in a comment is not words', () => {
    const template = EventTemplate.learn(textEvent('Hi'), JSON.parse(textEvent('Hi')))!;
    const words: ReadWords = { text: '', reasoning: '', refusal: '' };
    for (const line of [`:::::${textEvent('no')}`, `event${textEvent('no')}`, `dat: ${textEvent('no')}`, `${textEvent('no')}`]) {
      expect(takeEvents(template, `${line}\n\n`, 0, words)).toBe(0);
    }
    expect(words.text).toBe('');
  });

  it('hands the lane nothing while an event is open in the decoder, and resumes it after the blank line', () => {
    const offered: string[] = [];
    const decoder = new SseDecoder();
    const events: string[] = [];
    decoder.each(encoder.encode('event: ping\ndata: one\n\ndata: two\n\n'), (event) => events.push(`${event.event}:${event.data}`), (text, at) => {
      offered.push(text.slice(at, at + 9));
      return at;
    });
    expect(events).toEqual(['ping:one', 'message:two']);
    // At the start, after `data: one`'s blank line and after `two`'s; never after `event: ping` or a data line.
    expect(offered).toEqual(['event: pi', 'data: two', '']);
  });
});
