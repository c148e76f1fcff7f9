import { describe, expect, it, vi } from 'vitest';
import type { StreamPart } from '../../src/ground/types.js';
import { EventTemplate, factsOf, StreamTemplate } from '../../src/providers/openai/event-template.js';
import { readOpenAISse } from '../../src/providers/openai/openai-stream.js';
import type { HttpResponse } from '../../src/stream/http.js';

/**
 * An event read by a template must give exactly what reading it the general way gives. The
 * general way is forced by giving each event its own leading spaces (JSON allows them, no two
 * events share a prefix, so no template ever matches): the same JSON values, parsed one by one.
 */

const HEAD = '{"id":"chatcmpl-A1","object":"chat.completion.chunk","created":1770933892,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":';
const event = (delta: Record<string, unknown>, finish: string | null = null, extra = '') => `${HEAD}${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finish)}}]${extra}}`;
/** A delta as a server that escapes differently writes it: the raw JSON string body given. */
const rawContent = (body: string, extra = '') => `${HEAD}{"content":"${body}"},"logprobs":null,"finish_reason":null}]${extra}}`;

/** Words with every escape JSON has, as raw JSON bodies, and what they mean. */
const ESCAPED: Array<[string, string]> = [
  ['line\\nbreak', 'line\nbreak'],
  ['quote \\" inside', 'quote " inside'],
  ['back\\\\slash', 'back\\slash'],
  ['ends in a backslash \\\\', 'ends in a backslash \\'],
  ['\\\\\\"', '\\"'],
  ['nul \\u0000 here', 'nul \u0000 here'],
  ['\\ud83d\\ude00 pair', '😀 pair'],
  ['lone \\ud83d', 'lone \ud83d'],
  ['\\ude00 lone low', '\ude00 lone low'],
  ['\\/ \\b \\f \\r \\t', '/ \b \f \r \t'],
  ['raw 😀 emoji and é', 'raw 😀 emoji and é'],
  ['</think> inside', '</think> inside'],
  ['', ''],
];

describe('an event template', () => {
  const base = event({ content: 'Hello' });

  it('is learnt from a words-only event and reads events of its shape without changing a byte', () => {
    const template = EventTemplate.learn(base, JSON.parse(base))!;
    expect(template).toBeDefined();
    expect(template.kind).toBe('text');
    expect(template.fingerprint).toBe('fp_1');
    for (const [body, text] of ESCAPED) expect(template.words(rawContent(body))).toBe(text);
  });

  it('lets a last string nothing reads vary (OpenAI obfuscation), and nothing else', () => {
    const first = rawContent('Hi', ',"obfuscation":"Qa1"');
    const template = EventTemplate.learn(first, JSON.parse(first))!;
    expect(template.words(rawContent(' there', ',"obfuscation":"xyzzy12"'))).toBe(' there');
    expect(template.words(rawContent(' there', ',"obfuscation":""'))).toBe(' there');
    // A fingerprint that changes is a fact: not a free string.
    const printed = `${HEAD}{"content":"a"},"finish_reason":null}],"system_fingerprint":"fp_2"}`;
    const strict = EventTemplate.learn(printed, JSON.parse(printed))!;
    expect(strict.words(printed.replace('"a"', '"b"'))).toBe('b');
    expect(strict.words(printed.replace('fp_2', 'fp_3'))).toBeUndefined();
  });

  it('is not learnt from an event that is more than words', () => {
    const shapes = [
      event({ content: 'a', reasoning_content: 'b' }),
      event({ content: 'a', refusal: 'no' }),
      event({ content: 'a', tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] }),
      event({ content: 'a' }, 'stop'),
      `${HEAD}{"content":"a"},"finish_reason":null}],"usage":{"prompt_tokens":1}}`,
      '{"error":{"message":"boom"},"choices":[{"delta":{"content":"a"}}]}',
      '{"delta":{"content":"a"}}',
      event({ role: 'assistant' }),
    ];
    for (const data of shapes) expect(EventTemplate.learn(data, JSON.parse(data)), data).toBeUndefined();
  });

  it('gives words only when the general reading gives those words and nothing else', () => {
    const learnt = [base, rawContent('x', ',"obfuscation":"ab"'), event({ reasoning_content: 'think' }), event({ reasoning: 'think', reasoning_content: null })];
    for (const first of learnt) {
      const template = EventTemplate.learn(first, JSON.parse(first))!;
      expect(template, first).toBeDefined();
      const general = factsOf(JSON.parse(first));
      for (const data of variants(first)) {
        const words = template.words(data);
        if (words === undefined) continue;
        const facts = factsOf(JSON.parse(data));
        expect({ ...facts, [template.kind]: undefined }, data).toEqual({ ...general, [template.kind]: undefined });
        expect(facts[template.kind], data).toBe(words);
      }
    }
  });

  it('refuses events that only look alike: a changed envelope, a second field, bad JSON', () => {
    const template = EventTemplate.learn(base, JSON.parse(base))!;
    const refused = [
      base.replace('chatcmpl-A1', 'chatcmpl-A2'),
      base.replace('"Hello"', '"Hello","refusal":"no"'),
      base.replace('"Hello"', '"Hello","content":"again"'),
      base.replace('"Hello"', '"He\nllo"'),
      base.replace('"Hello"', '"bad \\x escape"'),
      base.replace('"Hello"', '"unterminated \\"'),
      `${base} `,
      base.slice(0, -1),
    ];
    for (const data of refused) expect(template.words(data), data).toBeUndefined();
  });

  it('with a free string, refuses events whose end differs or is cut short', () => {
    const template = EventTemplate.learn(rawContent('Hi', ',"obfuscation":"Qa1"'), JSON.parse(rawContent('Hi', ',"obfuscation":"Qa1"')))!;
    expect(template.words(rawContent('x', ',"obfuscation":"Qa2"'))).toBe('x');
    const refused = [
      rawContent('x', ',"obfuscation":"Qa1'),
      rawContent('x', ',"obfuscation":"'),
      rawContent('x', ',"obfuscation":"Q\\u0041"'),
      rawContent('x', ',"obfuscation":"Q","usage":{"total_tokens":3}'),
    ];
    for (const data of refused) expect(template.words(data), data).toBeUndefined();
  });

  it('never lets a key vary: an unread last key, with any whitespace before its colon, stays fixed', () => {
    for (const gap of ['', ' \t\r\n ']) {
      const first = rawContent('Hi', `,"n"${gap}:1`);
      const template = EventTemplate.learn(first, JSON.parse(first))!;
      expect(template, first).toBeDefined();
      expect(template.words(rawContent('x', `,"n"${gap}:1`))).toBe('x');
      // The same bytes with "error" as the key are an error event: the general way says so.
      expect(template.words(rawContent('x', `,"error"${gap}:1`))).toBeUndefined();
      expect(template.words(rawContent('x', `,"choices"${gap}:1`))).toBeUndefined();
    }
  });

  it('learns the words of the delta, not the same string elsewhere in the event', () => {
    const first = `{"x":{"content":"a"},"choices":[{"delta":{"content":"a"}}]}`;
    const template = EventTemplate.learn(first, JSON.parse(first))!;
    expect(template).toBeDefined();
    expect(template.words(first.replace('"x":{"content":"a"}', '"x":{"content":"b"}'))).toBeUndefined();
    expect(template.words(first.replace('"delta":{"content":"a"}', '"delta":{"content":"b"}'))).toBe('b');
  });

  it('is not fooled by words equal to its own marker', () => {
    const mark = '\\u0000g4f\\u0001';
    const first = `{"x":{"content":"${mark}"},"choices":[{"delta":{"content":"${mark}"}}]}`;
    const template = EventTemplate.learn(first, JSON.parse(first));
    expect(template?.words(first.replace(`"x":{"content":"${mark}"}`, '"x":{"content":"b"}'))).toBeUndefined();
  });

  it('learns events written with spaces, and words that end the event', () => {
    for (const first of ['{"choices": [{"delta": {"content" :\t"a"}}]}', '{"choices":[{"delta":{"content":"a"}}]}']) {
      const template = EventTemplate.learn(first, JSON.parse(first))!;
      expect(template, first).toBeDefined();
      expect(template.words(first.replace('"a"', '"b c"'))).toBe('b c');
      expect(template.words(first.replace('"a"', '"b c'))).toBeUndefined();
    }
  });

  it('learns text beside a null reasoning field (as OpenRouter writes it)', () => {
    const first = event({ content: 'a', reasoning: null });
    const template = EventTemplate.learn(first, JSON.parse(first))!;
    expect(template?.kind).toBe('text');
    expect(template.words(event({ content: 'b', reasoning: null }))).toBe('b');
  });

  it('keeps no fingerprint that is not a string', () => {
    const first = event({ content: 'a' }).replace('"fp_1"', 'null');
    const template = EventTemplate.learn(first, JSON.parse(first))!;
    expect(template).toBeDefined();
    expect(template.fingerprint).toBeUndefined();
  });

  it('learns the recorded words events: usage null, content or reasoning null beside the words', async () => {
    const shapes = await import('../fixtures/recorded-shapes.js');
    const learnt = { text: 0, reasoning: 0 };
    for (const lines of [shapes.OPENAI_TEXT, shapes.DEEPSEEK_REASONING, shapes.GROQ_REASONING]) {
      for (const data of lines) {
        const kind = wordsKindOf(JSON.parse(data));
        if (!kind) continue;
        const template = EventTemplate.learn(data, JSON.parse(data));
        expect(template, data).toBeDefined();
        expect(template!.kind, data).toBe(kind);
        learnt[kind]++;
      }
    }
    expect(learnt.text).toBeGreaterThan(1);
    expect(learnt.reasoning).toBeGreaterThan(1);
  });
});

describe('a stream read with templates', () => {
  it('learns a few shapes at most, then reads the rest the general way', () => {
    const stream = new StreamTemplate();
    for (let i = 0; i < 20; i++) {
      const data = event({ content: `w${i}` }).replace('chatcmpl-A1', `chatcmpl-${i}`);
      expect(stream.words(data)).toBeUndefined();
      stream.learn(data, JSON.parse(data));
    }
    const ninth = event({ content: 'w' }).replace('chatcmpl-A1', 'chatcmpl-8');
    expect(stream.words(ninth)).toBeUndefined();
    const eighth = event({ content: 'w' }).replace('chatcmpl-A1', 'chatcmpl-7');
    expect(stream.words(eighth)).toBe('w');
  });

  it('events that are not words (roles, empty deltas) do not use up the shapes it learns', () => {
    const stream = new StreamTemplate();
    for (let i = 0; i < 12; i++) {
      const data = event(i % 2 ? {} : { role: 'assistant' }).replace('chatcmpl-A1', `chatcmpl-${i}`);
      expect(stream.words(data)).toBeUndefined();
      stream.learn(data, JSON.parse(data));
    }
    const words = event({ content: 'a' });
    stream.learn(words, JSON.parse(words));
    expect(stream.words(event({ content: 'b' }))).toBe('b');
  });

  const STREAMS: Record<string, string[]> = {
    'role first, then words': [event({ role: 'assistant', content: '', refusal: null }), ...ESCAPED.map(([body]) => rawContent(body)), event({}, 'stop')],
    'OpenAI with obfuscation and usage': [
      rawContent('', ',"obfuscation":"Qa1"'),
      ...ESCAPED.map(([body], i) => rawContent(body, `,"obfuscation":"${'z'.repeat(i)}"`)),
      event({}, 'stop', ',"obfuscation":"zap0"'),
      '{"id":"chatcmpl-A1","choices":[],"usage":{"prompt_tokens":16,"completion_tokens":9,"total_tokens":25}}',
    ],
    'reasoning, then </think> in content, then text': [
      event({ role: 'assistant', content: null, reasoning_content: '' }),
      event({ content: null, reasoning_content: 'We need \n to "count".' }),
      event({ content: null, reasoning_content: '\ud83d' }),
      event({ content: null, reasoning_content: '\ude00 done' }),
      event({ content: '</think>Three.', reasoning_content: null }),
      event({ content: ' Yes\\n', reasoning_content: null }),
      event({}, 'stop'),
    ],
    'Groq reasoning field': [event({ role: 'assistant', reasoning: 'Okay' }), event({ reasoning: ', let me' }), event({ reasoning: ' think' }), event({ content: '$x = 2$' }), event({ content: '!' }), event({}, 'stop')],
    'inline <think> block': [event({ content: '<thi' }), event({ content: 'nk>\nThe user ' }), event({ content: 'greets me.\n</th' }), event({ content: 'ink>\n\nHello' }), event({ content: ' there!' }), event({}, 'stop')],
    'tool calls between words': [
      event({ content: 'Let me look.' }),
      event({ content: ' ' }),
      event({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'read', arguments: '' } }] }),
      event({ tool_calls: [{ index: 0, function: { arguments: '{"p":"a\\"b"}' } }] }),
      event({ content: 'x' }),
      event({}, 'tool_calls'),
    ],
    'extra fields in the delta, a changed fingerprint': [
      event({ content: 'a', role: 'assistant' }),
      event({ content: 'b', role: 'assistant' }),
      event({ content: 'c', role: 'assistant', annotations: [] }),
      event({ content: 'd' }).replace('fp_1', 'fp_2'),
      event({ content: 'e' }).replace('fp_1', 'fp_2'),
      event({}, 'length'),
    ],
    'refusal after words': [event({ content: 'I ' }), event({ content: 'will not' }), event({ refusal: "I can't" }), event({ content: '.' }), event({}, 'content_filter')],
    'an error after words': [event({ content: 'a' }), event({ content: 'b' }), '{"error":{"message":"overloaded"}}', event({ content: 'never' })],
    'words without a finish (cut short)': [event({ content: 'a' }), event({ content: 'b' })],
    'a line that is not JSON after words': [event({ content: 'a' }), event({ content: 'b' }), rawContent('bad \u0001 raw'), event({ content: 'c' })],
  };

  for (const [name, events] of Object.entries(STREAMS)) {
    for (const [split, sizes] of [['one read', [1e9]], ['one event a read', undefined], ['reads of 7 bytes', [7]]] as const) {
      it(`${name}, ${split}: the same parts and the same end as the general way`, async () => {
        const done = !name.includes('cut short');
        const fast = await read(sse(events, done), sizes);
        const general = await read(sse(events.map((data, i) => `${' '.repeat(i + 1)}${data}`), done), sizes);
        expect(fast).toEqual(general);
        expect(fast.parts.length).toBeGreaterThan(0);
      });
    }
  }

  it('reads most events of a stream without JSON.parse', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const words = Array.from({ length: 40 }, (_, i) => rawContent(`word ${i} `, `,"obfuscation":"${'q'.repeat(i % 7)}"`));
      const events = [rawContent('', ',"obfuscation":"Qa1"'), ...words, event({}, 'stop', ',"obfuscation":"zap0"')];
      await read(sse(events, true), [1e9]);
      const fast = parse.mock.calls.length;
      parse.mockClear();
      await read(sse(events.map((data, i) => `${' '.repeat(i + 1)}${data}`), true), [1e9]);
      // The general way parses every event; with the template, the first (learnt) and the last.
      expect(parse.mock.calls.length).toBeGreaterThanOrEqual(events.length);
      expect(fast).toBeLessThanOrEqual(6);
    } finally {
      parse.mockRestore();
    }
  });

  it('the recorded shapes of the fixtures read the same both ways', async () => {
    const shapes = await import('../fixtures/recorded-shapes.js');
    for (const lines of [shapes.OPENAI_TEXT, shapes.OPENAI_REFUSAL, shapes.DEEPSEEK_REASONING, shapes.GROQ_REASONING, shapes.INLINE_THINK]) {
      const fast = await read(sse(lines, true), undefined);
      const general = await read(sse(lines.map((data, i) => `${' '.repeat(i + 1)}${data}`), true), undefined);
      expect(fast).toEqual(general);
    }
  });
});

/** Events written as a server writes them; `undefined` sizes: one event per read. */
function sse(events: readonly string[], done: boolean): string[] {
  return [...events.map((data) => `data: ${data}\n\n`), ...(done ? ['data: [DONE]\n\n'] : [])];
}

async function read(pieces: string[], sizes: readonly number[] | undefined): Promise<{ parts: StreamPart[]; error?: string }> {
  const bytes = new TextEncoder().encode(pieces.join(''));
  const chunks: Uint8Array[] = [];
  if (!sizes) {
    let at = 0;
    for (const piece of pieces) {
      const length = new TextEncoder().encode(piece).length;
      chunks.push(bytes.subarray(at, at + length));
      at += length;
    }
  } else {
    for (let at = 0; at < bytes.length; at += sizes[0]!) chunks.push(bytes.subarray(at, at + sizes[0]!));
  }
  const response: HttpResponse = {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    body: (async function* () {
      yield* chunks;
    })(),
    text: async () => '',
    close: () => {},
    endOfAnswer: () => {},
  };
  const parts: StreamPart[] = [];
  try {
    for await (const part of readOpenAISse(response, 'test')) parts.push(part);
  } catch (error) {
    return { parts, error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
  return { parts };
}

/** Events near `data`: each string value and each byte position changed in small ways. */
function variants(data: string): string[] {
  const out = new Set<string>();
  const tweaks = ['a', '"', '\\', '\\"', '\\\\', '\\n', '\\u0000', '\\ud83d', '"x":"', '","content":"z', '","refusal":"r', ' ', '1', 'null', '}', ''];
  for (let at = 0; at <= data.length; at++) {
    for (const tweak of tweaks) {
      out.add(data.slice(0, at) + tweak + data.slice(at));
      out.add(data.slice(0, at) + tweak + data.slice(at + 1));
    }
  }
  return [...out].filter((text) => {
    try {
      const json = JSON.parse(text) as unknown;
      return json !== null && typeof json === 'object' && !Array.isArray(json);
    } catch {
      return false;
    }
  });
}

/** Written out apart from factsOf: the kind of words an event carries when it carries nothing else. */
function wordsKindOf(chunk: Record<string, any>): 'text' | 'reasoning' | undefined {
  const choice = chunk.choices?.[0];
  const delta = choice?.delta;
  if (!delta || chunk.error !== undefined || choice.finish_reason != null || typeof delta.refusal === 'string' || delta.tool_calls) return undefined;
  if (chunk.usage !== null && chunk.usage !== undefined) return undefined;
  const text = typeof delta.content === 'string';
  const reasoning = typeof (delta.reasoning_content ?? delta.reasoning) === 'string';
  return text === reasoning ? undefined : text ? 'text' : 'reasoning';
}
