import { describe, expect, it } from 'vitest';
import type { FinishReason } from '../../src/ground/types.js';
import { chunkEvent, type CompletionIds } from '../../src/server/openai-shapes.js';

const FINISH: Readonly<Record<FinishReason, string>> = { stop: 'stop', length: 'length', 'tool-calls': 'tool_calls', 'content-filter': 'content_filter', other: 'stop' };

/** The event as an object stringified, as it was built before. */
function chunkEventByObject(ids: CompletionIds, delta: Record<string, unknown>, finish?: FinishReason): string {
  const chunk = {
    id: ids.id,
    object: 'chat.completion.chunk',
    created: ids.created,
    model: ids.model,
    ...(ids.systemFingerprint ? { system_fingerprint: ids.systemFingerprint } : {}),
    choices: [{ index: 0, delta, finish_reason: finish === undefined ? null : FINISH[finish ?? 'stop'] }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

const IDS: CompletionIds[] = [
  { id: 'chatcmpl-abc123', created: 1765000000, model: 'auto' },
  { id: 'chatcmpl-abc123', created: 1765000000, model: 'openai/gpt-4o-mini', systemFingerprint: 'fp_44709d6fcb' },
  { id: 'chatcmpl-"quoted"\\', created: 0, model: 'ollama/llama3.2:latest\u2028\u0000é😀', systemFingerprint: '' },
  { id: '', created: -1.5, model: 'm', systemFingerprint: 'fp "x"\n' },
  { id: 'x', created: Number.NaN, model: 'm' },
];

const DELTAS: Array<Record<string, unknown>> = [
  {},
  { role: 'assistant', content: '' },
  { content: 'Hello "world"\n</script>\u2028' },
  { reasoning_content: 'thinking…' },
  { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
  { content: undefined, refusal: null },
];

describe('a chat.completion.chunk event', () => {
  it('is byte for byte the object it stands for, stringified, for every id, delta and finish', () => {
    let cases = 0;
    for (const ids of IDS) {
      for (const delta of DELTAS) {
        for (const finish of [undefined, 'stop', 'length', 'tool-calls', 'content-filter', 'other'] as const) {
          expect(chunkEvent(ids, delta, finish)).toBe(chunkEventByObject(ids, delta, finish));
          cases += 1;
        }
      }
    }
    expect(cases).toBe(IDS.length * DELTAS.length * 6);
  });

  it('parses as the chunk OpenAI clients read', () => {
    const event = chunkEvent(IDS[1], { content: 'hi' }, 'tool-calls');
    expect(event.startsWith('data: ') && event.endsWith('\n\n')).toBe(true);
    expect(JSON.parse(event.slice(6))).toEqual({
      id: 'chatcmpl-abc123',
      object: 'chat.completion.chunk',
      created: 1765000000,
      model: 'openai/gpt-4o-mini',
      system_fingerprint: 'fp_44709d6fcb',
      choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'tool_calls' }],
    });
  });
});
