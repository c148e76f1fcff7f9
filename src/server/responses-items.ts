import { randomBytes } from 'node:crypto';
import { MAX_KEPT_TEXT } from '../core/answer/answer.js';
import type { ToolCall } from '../ground/types.js';
import type { NamespacedName } from './responses-request.js';

type Json = Record<string, unknown>;

/** Sends one `response.*` event (numbered by the caller); does nothing when the client does not stream. */
export type EmitEvent = (type: string, fields: Json) => void;

const itemId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** A response's output items in the order they began: reasoning, the message, then the calls. */
export class OutputItems {
  private next = 0;
  private readonly done: Array<{ index: number; item: Json }> = [];

  /** The output index of an item that begins now. */
  claim(): number {
    return this.next++;
  }

  add(index: number, item: Json): void {
    this.done.push({ index, item });
  }

  inOrder(): Json[] {
    return [...this.done].sort((a, b) => a.index - b.index).map((d) => d.item);
  }
}

/**
 * Reasoning the provider streams (`reasoning_content`, thinking) is a `reasoning` item
 * (openai-node `ResponseReasoningItem`): its summary when the client asked for one
 * (`reasoning.summary`, as Codex does; `response.reasoning_summary_*` events), else its
 * `reasoning_text` content (`response.reasoning_text.*`), as open models answer on the API.
 * A closed item is remembered so a client may refer back to it.
 */
export function reasoningItem(event: EmitEvent, items: OutputItems, summary: boolean, remember: (id: string, text: string) => void) {
  let open: { id: string; index: number; text: string } | undefined;
  const where = (r: { id: string; index: number }) => ({ item_id: r.id, output_index: r.index, ...(summary ? { summary_index: 0 } : { content_index: 0 }) });
  return {
    delta(delta: string): void {
      if (!open) {
        open = { id: itemId('rs'), index: items.claim(), text: '' };
        event('response.output_item.added', { output_index: open.index, item: { id: open.id, type: 'reasoning', status: 'in_progress', summary: [], content: [] } });
        if (summary) event('response.reasoning_summary_part.added', { ...where(open), part: { type: 'summary_text', text: '' } });
      }
      open.text = kept(open.text, delta);
      event(summary ? 'response.reasoning_summary_text.delta' : 'response.reasoning_text.delta', { ...where(open), delta });
    },
    close(): void {
      if (!open) return;
      const { id, index, text } = open;
      const item = summary
        ? { id, type: 'reasoning', status: 'completed', summary: [{ type: 'summary_text', text }], content: [] }
        : { id, type: 'reasoning', status: 'completed', summary: [], content: [{ type: 'reasoning_text', text }] };
      event(summary ? 'response.reasoning_summary_text.done' : 'response.reasoning_text.done', { ...where(open), text });
      if (summary) event('response.reasoning_summary_part.done', { ...where(open), part: { type: 'summary_text', text } });
      event('response.output_item.done', { output_index: index, item });
      items.add(index, item);
      remember(id, text);
      open = undefined;
    },
  };
}

/** The assistant's `message` item: opened at its first text, closed with the whole text. */
export function messageItem(event: EmitEvent, items: OutputItems) {
  const id = itemId('msg');
  let index = -1;
  let text = '';
  const at = () => ({ item_id: id, output_index: index, content_index: 0 });
  const open = () => {
    if (index !== -1) return;
    index = items.claim();
    event('response.output_item.added', { output_index: index, item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
    event('response.content_part.added', { ...at(), part: { type: 'output_text', text: '', annotations: [] } });
  };
  return {
    delta(delta: string): void {
      open();
      text = kept(text, delta);
      event('response.output_text.delta', { ...at(), delta, logprobs: [] });
    },
    /** What was streamed, else what the answer holds (a provider that does not stream). */
    streamed: () => text,
    close(whole: string): void {
      open();
      const part = { type: 'output_text', text: whole, annotations: [] };
      const item = { id, type: 'message', status: 'completed', role: 'assistant', content: [part] };
      event('response.output_text.done', { ...at(), text: whole, logprobs: [] });
      event('response.content_part.done', { ...at(), part });
      event('response.output_item.done', { output_index: index, item });
      items.add(index, item);
    },
  };
}

/** A `function_call` item; streamed as added → arguments delta (the whole string) → arguments done → item done. */
export function functionCallItem(call: ToolCall, items: OutputItems, namespaced: Map<string, NamespacedName>, event: EmitEvent): void {
  const id = itemId('fc');
  const index = items.claim();
  // A function of a namespace tool goes back under its own name, with the namespace beside it.
  const names = namespaced.get(call.name) ?? { name: call.name };
  const item = { id, type: 'function_call', status: 'completed', call_id: call.id, ...names, arguments: call.arguments };
  event('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', arguments: '' } });
  event('response.function_call_arguments.delta', { item_id: id, output_index: index, delta: call.arguments });
  event('response.function_call_arguments.done', { item_id: id, output_index: index, name: names.name, arguments: call.arguments });
  event('response.output_item.done', { output_index: index, item });
  items.add(index, item);
}

/** Text kept for the final item, up to the answer's bound (every delta is still streamed). */
function kept(so: string, delta: string): string {
  return so.length < MAX_KEPT_TEXT ? so + delta.slice(0, MAX_KEPT_TEXT - so.length) : so;
}
