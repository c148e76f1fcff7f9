/**
 * Nearly every event of an OpenAI-compatible stream is the one before it with other words:
 * the same id, model, fingerprint and field order, one string changed — `delta.content` (or the
 * reasoning) — and sometimes one more string that nothing reads (OpenAI's `obfuscation`). An
 * event template learns that shape once from an event read the general way, and then reads the
 * words of every event of the same shape by comparing the bytes around them, without JSON.parse.
 *
 * It is exact, never a guess: the template is kept only after the event, with the words (and
 * the free string) replaced by a marker, parses to the same facts with the marker as its words;
 * and an event matches only when it is byte for byte the learnt text around one whole JSON
 * string. Its words are that string's body as is, or JSON.parse of the string alone when it
 * holds an escape — the same text the general path gives, every escape and lone surrogate kept.
 * Whatever does not match goes the general way.
 */

type Json = Record<string, unknown>;

/** Which words an event carries: answer text or reasoning. */
export type WordsKind = 'text' | 'reasoning';

/** What one event of the stream tells the reader, from its parsed JSON. */
export interface EventFacts {
  error: boolean;
  sawChoices: boolean;
  text?: string;
  reasoning?: string;
  refusal: boolean;
  toolCalls: boolean;
  fingerprint?: string;
  finish: boolean;
  usage: boolean;
}

/** The facts of a parsed chunk, exactly as readOpenAISse decides on them. */
export function factsOf(chunk: Json): EventFacts {
  const choices = chunk.choices;
  const first = Array.isArray(choices) && choices.length > 0 ? choices[0] : undefined;
  const choice = first && typeof first === 'object' ? (first as Json) : undefined;
  const delta = choice?.delta as Json | undefined;
  const thought = delta ? (delta.reasoning_content ?? delta.reasoning) : undefined;
  return {
    error: chunk.error !== undefined,
    sawChoices: Array.isArray(choices),
    text: delta && typeof delta.content === 'string' ? delta.content : undefined,
    reasoning: typeof thought === 'string' ? thought : undefined,
    refusal: delta ? typeof delta.refusal === 'string' : false,
    toolCalls: delta ? Array.isArray(delta.tool_calls) : false,
    fingerprint: typeof chunk.system_fingerprint === 'string' ? chunk.system_fingerprint : undefined,
    finish: choice ? typeof choice.finish_reason === 'string' : false,
    usage: Boolean(chunk.usage && typeof chunk.usage === 'object'),
  };
}

/** An event whose only effect is words of one kind: what a template may stand for. */
function wordsOnly(facts: EventFacts): WordsKind | undefined {
  if (facts.error || !facts.sawChoices || facts.refusal || facts.toolCalls || facts.finish || facts.usage) return undefined;
  if (facts.text !== undefined && facts.reasoning === undefined) return 'text';
  if (facts.reasoning !== undefined && facts.text === undefined) return 'reasoning';
  return undefined;
}

/** Stands in for the words while a template is checked; `\u0000` in it: no model writes it. */
const MARK_RAW = '\\u0000g4f\\u0001';
const MARK = '\u0000g4f\u0001';
/** Whether a string body needs decoding (an escape) or is not one at all (a quote, a control character). */
const NOT_PLAIN = /["\\\u0000-\u001f]/;

/** The end of the JSON string whose body starts at `start`: its closing quote, or -1. */
function stringEnd(data: string, start: number): number {
  for (let quote = data.indexOf('"', start); quote !== -1; quote = data.indexOf('"', quote + 1)) {
    let slashes = 0;
    while (data.charCodeAt(quote - 1 - slashes) === 92 /* \ */) slashes++;
    if (slashes % 2 === 0) return quote;
  }
  return -1;
}

/** A string body's text, or undefined when it is not exactly one valid JSON string body. */
function bodyText(body: string): string | undefined {
  if (!NOT_PLAIN.test(body)) return body;
  // An escape, or what is not allowed in a string: JSON.parse decides, on this string alone.
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

export class EventTemplate {
  constructor(
    readonly kind: WordsKind,
    /** Everything before the words' string body (its opening quote included). */
    private readonly head: string,
    /** From the words' closing quote to the free string's body, or to the end. */
    private readonly middle: string,
    /** After the free string's body (its closing quote on), or undefined when there is none. */
    private readonly tail: string | undefined,
    /** The event's `system_fingerprint`, the same in every event that matches. */
    readonly fingerprint: string | undefined,
  ) {}

  /**
   * A template from an event read the general way (`data` and its parsed `chunk`), when the event
   * is words only and a shape can be proven; undefined otherwise.
   */
  static learn(data: string, chunk: Json): EventTemplate | undefined {
    const facts = factsOf(chunk);
    const kind = wordsOnly(facts);
    return kind ? EventTemplate.learnt(data, facts, kind) : undefined;
  }

  static learnt(data: string, facts: EventFacts, kind: WordsKind): EventTemplate | undefined {
    const words = kind === 'text' ? facts.text : facts.reasoning;
    if (words === MARK) return undefined;
    const keys = kind === 'text' ? ['"content"'] : ['"reasoning_content"', '"reasoning"'];
    for (const key of keys) {
      for (let at = data.indexOf(key); at !== -1; at = data.indexOf(key, at + 1)) {
        const start = valueStart(data, at + key.length);
        const end = start === -1 ? -1 : stringEnd(data, start);
        if (end === -1 || bodyText(data.slice(start, end)) !== words) continue;
        const head = data.slice(0, start);
        const rest = data.slice(end);
        if (!sameFacts(`${head}${MARK_RAW}${rest}`, facts, kind)) continue;
        return withFreeString(kind, head, rest, facts) ?? new EventTemplate(kind, head, rest, undefined, facts.fingerprint);
      }
    }
    return undefined;
  }

  /** The words of an event of this shape, or undefined when it is not one (read it the general way). */
  words(data: string): string | undefined {
    return this.wordsAt(data, 0, data.length);
  }

  /** `words` of the event whose data is `text.slice(start, end)`, read in place. */
  wordsAt(text: string, start: number, end: number): string | undefined {
    const head = this.head;
    const middle = this.middle;
    const bodyStart = start + head.length;
    // Compared as slices: V8's startsWith walks characters one by one, string equality compares memory.
    if (text.slice(start, bodyStart) !== head) return undefined;
    // A closing quote found past `end` belongs to text after this event: `free` is then past
    // `end` too, which both endings below refuse.
    const close = stringEnd(text, bodyStart);
    if (close === -1) return undefined;
    const free = close + middle.length;
    if (text.slice(close, free) !== middle) return undefined;
    if (this.tail === undefined) return free === end ? bodyText(text.slice(bodyStart, close)) : undefined;
    const freeEnd = end - this.tail.length;
    if (freeEnd < free || text.slice(freeEnd, end) !== this.tail || NOT_PLAIN.test(text.slice(free, freeEnd))) return undefined;
    return bodyText(text.slice(bodyStart, close));
  }
}

/** Where a key's string value starts (after `:` and its quote, whitespace allowed), or -1. */
function valueStart(data: string, from: number): number {
  const colon = nextNonSpace(data, from);
  if (data.charCodeAt(colon) !== 58 /* : */) return -1;
  const quote = nextNonSpace(data, colon + 1);
  return data.charCodeAt(quote) === 34 /* " */ ? quote + 1 : -1;
}

function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * The last string of the event, when it is plain and nothing reads it (OpenAI's `obfuscation`,
 * different in every event): a template that lets it vary, proven like the words.
 */
function withFreeString(kind: WordsKind, head: string, rest: string, facts: EventFacts): EventTemplate | undefined {
  const close = rest.lastIndexOf('"');
  const open = close <= 0 ? -1 : rest.lastIndexOf('"', close - 1);
  // The words' own closing quote is rest[0]: the free string comes after it, and is a value
  // (a key that varied could give a fixed value another meaning).
  if (open <= 0 || NOT_PLAIN.test(rest.slice(open + 1, close)) || rest.charCodeAt(nextNonSpace(rest, close + 1)) === 58 /* : */) return undefined;
  const middle = rest.slice(0, open + 1);
  const tail = rest.slice(close);
  if (!sameFacts(`${head}${MARK_RAW}${middle}${MARK_RAW}${tail}`, facts, kind)) return undefined;
  return new EventTemplate(kind, head, middle, tail, facts.fingerprint);
}

/** Whether `data` parses to `facts` with the marker as its words of `kind`. */
function sameFacts(data: string, facts: EventFacts, kind: WordsKind): boolean {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return false;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
  const marked = factsOf(json as Json);
  const expected: EventFacts = { ...facts, [kind]: MARK };
  return (Object.keys(expected) as Array<keyof EventFacts>).every((key) => marked[key] === expected[key]);
}

/** Shapes learnt at most per stream: one whose every event differs costs a second parse no longer. */
const MAX_LESSONS = 8;

/** The template of one stream: the last shape learnt, relearnt (a few times) when the shape changes. */
export class StreamTemplate {
  private template: EventTemplate | undefined;
  private lessons = MAX_LESSONS;

  /** The current template, for its kind and fingerprint after `words` matched. */
  get current(): EventTemplate | undefined {
    return this.template;
  }

  /** The words of an event of the current shape, or undefined (read it the general way, then `learn`). */
  words(data: string): string | undefined {
    return this.template?.words(data);
  }

  /** Learns the shape of an event read the general way, when it is words only. */
  learn(data: string, chunk: Json): void {
    if (this.lessons === 0) return;
    const facts = factsOf(chunk);
    const kind = wordsOnly(facts);
    if (!kind) return;
    this.lessons--;
    this.template = EventTemplate.learnt(data, facts, kind) ?? this.template;
  }
}
