import { describe, expect, it } from 'vitest';
import { chunkEvent, wordsEvent, type CompletionIds, type WordsField } from '../../src/server/openai-shapes.js';

/** Words as a model may send them: every escape JSON has, lone surrogates, tags, nothing at all. */
const TEXTS = ['Hello', '', ' ', 'line\nbreak', 'quote " and \\ backslash', 'nul \u0000 and \u001f', '😀', 'lone \ud83d', '\ude00 low', '</think> inside', '<think>', '\u2028\u2029', 'é 日本語', '{"json":"inside"}', 'x'.repeat(70_000)];
const FIELDS: WordsField[] = ['content', 'reasoning_content', 'refusal'];

describe('a words event', () => {
  it('is byte for byte the general chunk event, for every field and text', () => {
    const ids: CompletionIds = { id: 'chatcmpl-abc"\\', created: 1770933892, model: 'openai/gpt-4o-mini' };
    for (const field of FIELDS) for (const text of TEXTS) expect(wordsEvent(ids, field, text)).toBe(chunkEvent(ids, { [field]: text }));
  });

  it('follows the model and the fingerprint as they change during the answer', () => {
    const ids: CompletionIds = { id: 'chatcmpl-1', created: 1, model: 'auto' };
    const same = (text: string) => expect(wordsEvent(ids, 'content', text)).toBe(chunkEvent(ids, { content: text }));
    same('before the start');
    ids.model = 'groq/llama "3"';
    same('after it');
    ids.systemFingerprint = 'fp_1';
    same('with a fingerprint');
    ids.systemFingerprint = 'fp_2';
    same('another');
    ids.systemFingerprint = undefined;
    same('none again');
    const other: CompletionIds = { id: 'chatcmpl-2', created: 2, model: 'groq/llama "3"' };
    expect(wordsEvent(other, 'content', 'x')).toBe(chunkEvent(other, { content: 'x' }));
  });
});
