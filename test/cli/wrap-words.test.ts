import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../src/cli/wrap-words.js';

describe('wrapping our own words', () => {
  it('a line wider than the terminal is broken between words, under the text after its label', () => {
    expect(wrapWords('  hint: one two three four five six', 20)).toBe('  hint: one two\n        three four\n        five six');
    expect(wrapWords('short', 20)).toBe('short');
    expect(wrapWords('  hint: averyveryverylongwordthatdoesnotfit x', 20)).toBe('  hint: averyveryverylongwordthatdoesnotfit\n        x');
    expect(wrapWords('a b c d e f g h i j k l m n o p q r s t u v w x y z', undefined)).toBe('a b c d e f g h i j k l m n o p q r s t u v w x y z');
  });
});
