import { NetworkError, ProtocolError, ServerError } from '../../ground/errors.js';
import type { FinishReason, StreamPart, Usage } from '../../ground/types.js';
import { messageOf } from '../../stream/http-errors.js';
import { preview } from '../../stream/ndjson-decoder.js';
import type { LineSkipper } from '../../stream/line-decoder.js';
import type { SseDecoder, SseEvent } from '../../stream/sse-decoder.js';
import { takeEvents, type ReadWords } from './event-lane.js';
import { StreamTemplate, type EventTemplate } from './event-template.js';
import { firstChoice, mapFinishReason, mapUsage, parseChunk, pendingParts } from './openai-chunks.js';
import { ToolCallPieces } from './tool-call-pieces.js';

type Json = Record<string, unknown>;

/** What one network read's events gave: its parts, and the error or `[DONE]` that ended it. */
export interface EventBatch {
  parts: StreamPart[];
  error?: unknown;
  /** `[DONE]` was read, and the stream had choices: the answer is complete. */
  done: boolean;
}

/** The events of one OpenAI chat-completions stream, read batch by batch, and what they add up to. */
export class OpenAIEvents {
  private finish: FinishReason | undefined;
  private usage: Usage | undefined;
  private sawChoices = false;
  private sawDone = false;
  private fingerprint: string | undefined;
  private readonly calls = new ToolCallPieces();
  // Events shaped like one before them are read without JSON.parse (event-template.ts).
  private readonly template = new StreamTemplate();

  constructor(private readonly providerId: string) {}

  /** `[DONE]` was read: nothing after it is read as the answer. */
  private done = false;
  /** The words of the read under way; events, and the lane, add to them in order. */
  private words: ReadWords = { text: '', reasoning: '', refusal: '' };
  private readonly onEvent = (event: SseEvent): void => {
    // `[DONE]` is an exact match; anything after it is not read, even if the connection stays open.
    if (this.done) return;
    if (event.data === '[DONE]') this.done = true;
    else this.event(event, this.words);
  };
  /** Events of the learnt shape, read straight from the decoded text (event-lane.ts). */
  private readonly lane: LineSkipper = (text, at) => {
    const shape = this.template.current;
    if (this.done || !shape) return at;
    const next = takeEvents(shape, text, at, this.words);
    if (next !== at) this.sawShape(shape);
    return next;
  };

  /** One network read's events: their words as one part of each kind (a write per read, not per token). */
  read(events: readonly SseEvent[]): EventBatch {
    this.words = { text: '', reasoning: '', refusal: '' };
    try {
      for (const event of events) {
        if (this.done) break;
        this.onEvent(event);
      }
    } catch (error) {
      return this.failedRead(error);
    }
    return this.endRead();
  }

  /** `read` of one network read's bytes, each event read as `decoder` finds it. */
  readBytes(decoder: SseDecoder, bytes: Uint8Array): EventBatch {
    this.words = { text: '', reasoning: '', refusal: '' };
    try {
      decoder.each(bytes, this.onEvent, this.lane);
    } catch (error) {
      return this.failedRead(error);
    }
    return this.endRead();
  }

  /** Words received in the same network read as the error are still words received. */
  private failedRead(error: unknown): EventBatch {
    const words = this.words;
    return { parts: pendingParts(words.reasoning, words.text, words.refusal), error, done: false };
  }

  private endRead(): EventBatch {
    const words = this.words;
    const parts = pendingParts(words.reasoning, words.text, words.refusal);
    if (this.done && !this.sawChoices) return { parts, error: new ProtocolError(`${this.providerId}: the stream ended without any choices`), done: false };
    if (this.done) this.sawDone = true;
    return { parts, done: this.done };
  }

  /** The end of the stream: the tool calls (whole only now) and the finish, or why the stream is not an answer. */
  end(sawBytes: boolean): StreamPart[] {
    const id = this.providerId;
    if (!this.sawChoices && sawBytes) throw new ProtocolError(`${id}: the answer is not an OpenAI event stream`);
    if (!this.sawDone && this.finish === undefined && this.usage === undefined) {
      throw new NetworkError(`${id}: the stream ended before the answer was complete`, undefined, true, 'ended-early');
    }
    // Calls are whole only when the stream is: they go out together, just before the finish.
    const fingerprint = this.fingerprint;
    return [...this.calls.take(), { type: 'finish', reason: this.finish ?? 'stop', usage: this.usage, ...(fingerprint ? { systemFingerprint: fingerprint } : {}) }];
  }

  /** An event of the template's shape was read: what every such event tells. */
  private sawShape(shape: EventTemplate): void {
    this.sawChoices = true;
    if (shape.fingerprint !== undefined) this.fingerprint = shape.fingerprint;
  }

  private event(event: SseEvent, words: ReadWords): void {
    const known = event.event === 'error' ? undefined : this.template.words(event.data);
    if (known !== undefined) {
      const shape = this.template.current!;
      if (shape.kind === 'text') words.text += known;
      else words.reasoning += known;
      this.sawShape(shape);
      return;
    }
    const chunk = parseChunk(event.data, this.providerId);
    if (event.event !== 'error') this.template.learn(event.data, chunk);
    if (event.event === 'error' || chunk.error !== undefined) {
      throw new ServerError(`${this.providerId}: ${messageOf(chunk) ?? preview(event.data)}`);
    }
    if (Array.isArray(chunk.choices)) this.sawChoices = true;
    const choice = firstChoice(chunk);
    const delta = choice?.delta as Json | undefined;
    if (delta) {
      if (typeof delta.content === 'string') words.text += delta.content;
      const thought = delta.reasoning_content ?? delta.reasoning;
      if (typeof thought === 'string') words.reasoning += thought;
      if (typeof delta.refusal === 'string') words.refusal += delta.refusal;
      this.calls.add(delta.tool_calls);
    }
    if (typeof chunk.system_fingerprint === 'string') this.fingerprint = chunk.system_fingerprint;
    if (choice && typeof choice.finish_reason === 'string') this.finish = mapFinishReason(choice.finish_reason);
    if (chunk.usage && typeof chunk.usage === 'object') this.usage = mapUsage(chunk.usage as Json);
  }
}
