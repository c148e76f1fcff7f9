import { ProtocolError, ServerError } from '../../ground/errors.js';
import type { FinishReason, StreamPart, Usage } from '../../ground/types.js';
import { messageOf } from '../../stream/http-errors.js';
import { parseJson, preview } from '../../stream/ndjson-decoder.js';
import type { SseEvent } from '../../stream/sse-decoder.js';
import { AnthropicToolUses } from './anthropic-tools.js';
import { mapFinishReason } from '../openai/openai-stream.js';

type Json = Record<string, unknown>;

/**
 * What an Anthropic Messages stream has said so far (anthropic-sdk-typescript
 * src/resources/messages/messages.ts: RawMessageStreamEvent). `read` takes one SSE event and
 * adds its text or thinking to `out`; usage, the stop reason, a refusal and tool_use blocks
 * are kept until the stream ends.
 */
export class AnthropicEvents {
  readonly usage: Usage = {};
  reason: FinishReason | undefined;
  stopped = false;
  refusal = '';
  private readonly toolUses = new AnthropicToolUses();

  read(event: SseEvent, out: { text: string; thinking: string }): void {
    if (event.event === 'ping') return;
    const data = parseJson(event.data) as Json;
    if (!data || typeof data !== 'object') throw new ProtocolError(`anthropic: expected a JSON object, got ${preview(event.data)}`);
    switch (event.event) {
      case 'error':
        throw new ServerError(`anthropic: ${messageOf(data) ?? preview(event.data)}`);
      case 'message_start': {
        const startUsage = (data.message as Json | undefined)?.usage as Json | undefined;
        if (typeof startUsage?.input_tokens === 'number') this.usage.inputTokens = startUsage.input_tokens;
        if (typeof startUsage?.output_tokens === 'number') this.usage.outputTokens = startUsage.output_tokens;
        break;
      }
      case 'content_block_start':
        this.toolUses.start(data);
        break;
      case 'content_block_delta': {
        this.toolUses.delta(data);
        const delta = data.delta as Json | undefined;
        if (delta?.type === 'text_delta' && typeof delta.text === 'string') out.text += delta.text;
        else if (delta?.type === 'thinking_delta' && typeof delta.thinking === 'string') out.thinking += delta.thinking;
        break;
      }
      case 'message_delta':
        this.messageDelta(data);
        break;
      case 'message_stop':
        this.stopped = true;
        break;
      default:
        break;
    }
  }

  /** The parts that follow the text once the stream has ended: a refusal note, the calls, the finish. */
  *ending(): Generator<StreamPart> {
    if (this.refusal) yield { type: 'refusal', text: this.refusal, note: true };
    // Calls are whole only when the message is: they go out together, just before the finish.
    yield* this.toolUses.take();
    const usage = this.usage;
    if (usage.inputTokens !== undefined && usage.outputTokens !== undefined) usage.totalTokens = usage.inputTokens + usage.outputTokens;
    yield { type: 'finish', reason: this.reason ?? 'stop', usage };
  }

  private messageDelta(data: Json): void {
    const delta = data.delta as Json | undefined;
    if (delta?.stop_reason !== undefined) this.reason = mapFinishReason(delta.stop_reason);
    // A refusal arrives as a stop reason with words of explanation, not as text.
    if (delta?.stop_reason === 'refusal') {
      const details = delta.stop_details as Json | undefined;
      this.refusal = typeof details?.explanation === 'string' ? details.explanation : 'the model declined to answer';
    }
    const deltaUsage = data.usage as Json | undefined;
    // Cumulative, not increments: the later figure wins, input_tokens too when present
    // (after server-side tools it is far larger than message_start's).
    if (typeof deltaUsage?.output_tokens === 'number') this.usage.outputTokens = deltaUsage.output_tokens;
    if (typeof deltaUsage?.input_tokens === 'number') this.usage.inputTokens = deltaUsage.input_tokens;
  }
}
