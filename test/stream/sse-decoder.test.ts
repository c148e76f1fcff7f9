import { describe, expect, it } from 'vitest';
import { SseDecoder, type SseEvent } from '../../src/stream/sse-decoder.js';
import { bytewise, decodeAll, everySplit, utf8 } from '../helpers/chunking.js';

const decode = (chunks: Iterable<Uint8Array>): SseEvent[] => decodeAll(new SseDecoder(), chunks);
const decodeText = (text: string) => decode([utf8(text)]);

/** A recorded OpenRouter-style stream: comments, CRLF, a multi-byte character, [DONE]. */
const RECORDED =
  ': OPENROUTER PROCESSING\r\n\r\n' +
  'data: {"choices":[{"delta":{"content":"Grüß"}}]}\r\n\r\n' +
  'data: {"choices":[{"delta":{"content":" 👋"}}]}\n\n' +
  'event: message\ndata: {"choices":[],"usage":{"total_tokens":3}}\r\r' +
  'data: [DONE]\n\n';

describe('SseDecoder', () => {
  it('decodes a recorded stream', () => {
    expect(decodeText(RECORDED).map((e) => e.data)).toEqual([
      '{"choices":[{"delta":{"content":"Grüß"}}]}',
      '{"choices":[{"delta":{"content":" 👋"}}]}',
      '{"choices":[],"usage":{"total_tokens":3}}',
      '[DONE]',
    ]);
  });

  it('gives the same events whatever the split offset, and byte by byte', () => {
    const bytes = utf8(RECORDED);
    const whole = decode([bytes]);
    for (const chunks of everySplit(bytes)) expect(decode(chunks)).toEqual(whole);
    expect(decode(bytewise(bytes))).toEqual(whole);
  });

  it('accepts data:x without a space and removes only one leading space', () => {
    expect(decodeText('data:x\n\ndata:  two\n\n').map((e) => e.data)).toEqual(['x', ' two']);
  });

  it('joins multi-line data with \\n', () => {
    expect(decodeText('data: a\ndata:\ndata: b\n\n')[0].data).toBe('a\n\nb');
  });

  it('ignores comments and unknown fields', () => {
    expect(decodeText(': hello\nfoo: bar\ndata: x\n: mid\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('sets the event type and resets it after dispatch', () => {
    expect(decodeText('event: ping\ndata: {}\n\ndata: y\n\n')).toEqual([
      { event: 'ping', data: '{}' },
      { event: 'message', data: 'y' },
    ]);
  });

  it('does not dispatch an event without data, but dispatches an empty data line', () => {
    expect(decodeText('event: ping\n\n\n\ndata:\n\n')).toEqual([{ event: 'message', data: '' }]);
  });

  it('treats a line without a colon as a field with an empty value', () => {
    expect(decodeText('data\n\n')).toEqual([{ event: 'message', data: '' }]);
  });

  it('keeps the last event id', () => {
    expect(decodeText('id: 7\ndata: a\n\ndata: b\n\n')).toEqual([
      { event: 'message', data: 'a', id: '7' },
      { event: 'message', data: 'b', id: '7' },
    ]);
  });

  it('strips a leading BOM', () => {
    expect(decodeText('\uFEFFdata: a\n\n')).toEqual([{ event: 'message', data: 'a' }]);
  });

  it('discards an event left open when the stream ends', () => {
    expect(decodeText('data: a\n\ndata: unfinished')).toEqual([{ event: 'message', data: 'a' }]);
  });

  it('parses a single 4 MiB event', () => {
    const payload = 'y'.repeat(4 * 1024 * 1024);
    const bytes = utf8(`data: ${payload}\n\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 16 * 1024) chunks.push(bytes.subarray(i, i + 16 * 1024));
    const events = decode(chunks);
    expect(events).toHaveLength(1);
    expect(events[0].data.length).toBe(payload.length);
  });
});
