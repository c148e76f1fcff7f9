import { describe, expect, it } from 'vitest';
import { mask, redact, redactAndCut, registerSecret } from '../../src/ground/redact.js';

describe('masking a secret', () => {
  it('shows nothing of a secret shorter than 16 characters', () => {
    expect(mask('hunter2-secret')).toBe('…');
    expect(mask('abcdefghijklmno')).toBe('…');
  });

  it('shows at most 4 characters of a longer one', () => {
    for (const secret of ['abcdefghijklmnop', 'sk-proj-1234567890abcdef', 'x'.repeat(200) + 'WXYZ']) {
      const shown = mask(secret).replace('…', '');
      expect(shown.length).toBeLessThanOrEqual(4);
      expect(secret.endsWith(shown)).toBe(true);
    }
  });

  it('a 14-character token in a text comes back without any of its characters', () => {
    registerSecret('hun7er2-s3cret');
    expect(redact('the token is hun7er2-s3cret, keep it')).toBe('the token is …, keep it');
  });
});

describe('a text cut inside a secret', () => {
  const key = 'sk-cutkey-0123456789abcdefghij';
  registerSecret(key);

  it('already cut: the start of the key before the cut is masked', () => {
    for (let k = 4; k < key.length; k++) {
      const out = redact(`Bearer ${key.slice(0, k)}…`);
      expect(out, String(k)).not.toContain(key.slice(0, 4));
    }
  });

  it('cut by redactAndCut at any point: no start of the key shows', () => {
    const text = `invalid credentials: Bearer ${key} was refused`;
    for (let max = 1; max < text.length + 2; max++) {
      const out = redactAndCut(text, max);
      expect([...out].length, String(max)).toBeLessThanOrEqual(max);
      expect(out, String(max)).not.toContain(key.slice(0, 4));
    }
  });
});
