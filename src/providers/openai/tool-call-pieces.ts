import type { StreamPart } from '../../ground/types.js';

type Json = Record<string, unknown>;

/**
 * Gathers OpenAI's streamed `delta.tool_calls` pieces into whole calls. Each piece names its
 * call by `index` (several calls may be open at once); `id` and `function.name` come with the
 * first piece and `function.arguments` arrives in fragments that are joined exactly as sent,
 * never parsed or re-encoded (openai-node ChatCompletionChunk.Choice.Delta.ToolCall).
 */
export class ToolCallPieces {
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();

  add(pieces: unknown): void {
    if (!Array.isArray(pieces)) return;
    for (const piece of pieces) {
      if (!piece || typeof piece !== 'object') continue;
      const { index, id, function: fn } = piece as Json;
      // Some servers leave out `index` when they send one call per chunk: the next free slot.
      const slot = typeof index === 'number' ? index : typeof id === 'string' && id ? this.calls.size : Math.max(0, this.calls.size - 1);
      const call = this.calls.get(slot) ?? { id: '', name: '', arguments: '' };
      this.calls.set(slot, call);
      if (typeof id === 'string' && id) call.id = id;
      const f = (fn && typeof fn === 'object' ? fn : {}) as Json;
      // The name comes whole with the first piece; servers that repeat it later are not doubled.
      if (typeof f.name === 'string' && f.name && !call.name) call.name = f.name;
      if (typeof f.arguments === 'string') call.arguments += f.arguments;
    }
  }

  /**
   * The calls gathered so far, in index order, and forgets them. A call without an id gets one;
   * a call of a tool without parameters whose server sent no arguments at all gets `{}`.
   */
  *take(): Generator<StreamPart> {
    const slots = [...this.calls.keys()].sort((a, b) => a - b);
    for (const slot of slots) {
      const call = this.calls.get(slot)!;
      yield { type: 'tool-call', id: call.id || `call_${slot}`, name: call.name, arguments: call.arguments === '' ? '{}' : call.arguments };
    }
    this.calls.clear();
  }

  get size(): number {
    return this.calls.size;
  }
}
