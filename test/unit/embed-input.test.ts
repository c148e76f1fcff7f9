import { describe, expect, it } from 'vitest';
import { withinReach } from '../../src/cli/commands/embed.js';
import { batchesOf, textsToEmbed } from '../../src/cli/embed-input.js';
import { UsageError } from '../../src/ground/errors.js';
import type { EmbeddingsApi } from '../../src/ground/types.js';
import { fakeProvider, link } from './fakes.js';

const embeddings: EmbeddingsApi = { defaultModel: 'fake-embed', embed: async (req) => ({ model: req.model, vectors: req.inputs.map(() => [0]) }) };

describe('the texts embed sends', () => {
  it('words are one text and stdin is left alone; stdin is one text without its trailing whitespace', () => {
    expect(textsToEmbed(['a', 'b'], 'ignored', false)).toEqual(['a b']);
    expect(textsToEmbed([], 'one\ntwo \n\n', false)).toEqual(['one\ntwo']);
  });

  it('--lines: one text per line, CRLF or LF, the final newline starting no line', () => {
    expect(textsToEmbed([], 'a\r\nb\nc\n', true)).toEqual(['a', 'b', 'c']);
    expect(textsToEmbed([], 'a\nb', true)).toEqual(['a', 'b']);
  });

  it('nothing to embed, a blank line, or words with --lines are usage errors', () => {
    expect(() => textsToEmbed([], undefined, false)).toThrow(UsageError);
    expect(() => textsToEmbed([], ' \n', false)).toThrow(UsageError);
    expect(() => textsToEmbed([], '', true)).toThrow(UsageError);
    expect(() => textsToEmbed([], 'a\n \nb\n', true)).toThrow(/line 2 of stdin is blank/);
    expect(() => textsToEmbed(['x'], 'a\n', true)).toThrow(UsageError);
  });

  it('batches keep order and size', () => {
    expect(batchesOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batchesOf(Array.from({ length: 201 }, (_, i) => i)).map((b) => b.length)).toEqual([100, 100, 1]);
  });
});

describe('which links embed may send texts to', () => {
  const local = link(fakeProvider('local', { embeddings }), 'local');
  const publicWith = link(fakeProvider('open', { kind: 'keyless', embeddings }), 'public');
  const publicChat = link(fakeProvider('chatty', { kind: 'keyless' }), 'public');

  it('a public provider with an embeddings API after a private one is held back unless --fallback public', () => {
    expect(withinReach([local, publicWith], false)).toEqual([local]);
    expect(withinReach([local, publicWith], true)).toEqual([local, publicWith]);
  });

  it('a public provider first, or one without an embeddings API, is left as it is', () => {
    expect(withinReach([publicWith, local], false)).toEqual([publicWith, local]);
    expect(withinReach([publicChat, local], false)).toEqual([publicChat, local]);
  });
});
