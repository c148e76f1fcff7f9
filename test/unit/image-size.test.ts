import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { imageSize } from '../../src/cli/image-size.js';

describe('--size', () => {
  it('takes WIDTHxHEIGHT with x, X or the multiplication sign, spaces around', () => {
    expect(imageSize('1536x1024')).toEqual({ width: 1536, height: 1024 });
    expect(imageSize('1536×1024')).toEqual({ width: 1536, height: 1024 });
    expect(imageSize(' 64 X 8192 ')).toEqual({ width: 64, height: 8192 });
  });

  it('refuses other separators, fractions and sides out of bounds, naming the form', () => {
    for (const raw of ['1536*1024', '1536', '10.5x64', '63x64', '64x8193', 'x1024', '1024×']) {
      expect(() => imageSize(raw), raw).toThrow(InvalidArgumentError);
    }
    expect(() => imageSize('big')).toThrow(/WIDTHxHEIGHT in pixels, each 64 to 8192/);
  });
});
