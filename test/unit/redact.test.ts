import { describe, expect, it } from 'vitest';
import { mask, maskCredentialsInText, maskURLCredentials, redact, registerSecret } from '../../src/ground/redact.js';

/** How many characters of `secret` a masked text shows at its start and its end. */
function shownOf(masked: string, secret: string): number {
  let start = 0;
  while (start < masked.length && masked[start] === secret[start]) start++;
  let end = 0;
  while (end < masked.length - start && masked[masked.length - 1 - end] === secret[secret.length - 1 - end]) end++;
  return start + end;
}

/** Every run of `n` characters of the secret that appears in `text`. */
const piecesShown = (text: string, secret: string, n: number) => Array.from({ length: secret.length - n + 1 }, (_, i) => secret.slice(i, i + n)).filter((piece) => text.includes(piece));

// Nothing is registered before this block runs: text passes through untouched.
describe('redact with no secret known', () => {
  it('returns the text as it is', () => {
    expect(redact('sk-anything-0123456789abcdef…')).toBe('sk-anything-0123456789abcdef…');
  });
});

describe('redact: a registered key never shows in a message', () => {
  const key = 'sk-live-Q7rT9xWm2KpL4vNc8BzY';
  registerSecret(key);

  it('in every encoding a server might echo it in', () => {
    const bytes = Buffer.from(key);
    const forms = [
      key,
      bytes.toString('base64'),
      bytes.toString('base64').replace(/=+$/, ''),
      bytes.toString('base64url'),
      bytes.toString('hex'),
      bytes.toString('hex').toUpperCase(),
      encodeURIComponent(key),
    ];
    for (const form of forms) {
      const out = redact(`401: you sent "${form}" twice: ${form}.`);
      expect(out, form).not.toContain(form);
      expect(out.split(mask(form)).length, form).toBe(3);
      expect(piecesShown(out, key, 5), form).toEqual([]);
    }
  });

  it('a key with a space is found form-encoded too', () => {
    const spaced = 'my pass phrase 0123456789';
    registerSecret(spaced);
    const out = redact(`body: token=${encodeURIComponent(spaced).replace(/%20/g, '+')}&x=1`);
    expect(out).not.toContain('my+pass');
    expect(out).toContain('&x=1');
  });

  it('a message cut inside the key never shows the key’s start', () => {
    for (let k = 6; k < key.length; k++) {
      const out = redact(`HTTP 401: Incorrect API key provided: ${key.slice(0, k)}…`);
      expect(out, String(k)).not.toContain(key.slice(0, 6));
      expect(out, String(k)).toMatch(/^HTTP 401: Incorrect API key provided: /);
    }
  });

  it('a cut key glued to other text keeps that text, and cut words that are no key stay', () => {
    expect(redact(`key=${key.slice(0, 12)}…`)).not.toContain(key.slice(0, 6));
    expect(redact(`key=${key.slice(0, 12)}…`)).toMatch(/^key=/);
    expect(redact('the answer was cut here: something…')).toBe('the answer was cut here: something…');
    expect(redact('quoted "something…"')).toBe('quoted "something…"');
    // `sk-live` is the key's own start: cut there, it is masked like any other start.
    expect(redact('quoted "sk-live…"')).not.toContain('sk-live');
  });

  it('text with no secret in it is unchanged', () => {
    expect(redact('nothing to hide… at all')).toBe('nothing to hide… at all');
  });
});

describe('registerSecret: only values that look like credentials', () => {
  it('ignores short words and plain words, so ordinary text is not blanked', () => {
    for (const value of ['openai', 'Passwor', 'password', 'Password', 'PASSWORDS', '', undefined]) registerSecret(value);
    expect(redact('openai password Password PASSWORDS Passwor')).toBe('openai password Password PASSWORDS Passwor');
  });

  it('takes 8 to 15 characters with a digit or a symbol, and anything of 16 or more', () => {
    registerSecret('pa55word');
    registerSecret('pass-word');
    registerSecret('onlylettersxxxxx');
    expect(redact('a pa55word b pass-word c onlylettersxxxxx d')).toBe('a … b … c …xxxx d');
  });

  it('registering twice changes nothing', () => {
    registerSecret('tw1ce-registered-key');
    registerSecret('tw1ce-registered-key');
    expect(redact('tw1ce-registered-key')).toBe(mask('tw1ce-registered-key'));
  });
});

describe('mask', () => {
  it('shows nothing of a short secret', () => {
    expect(mask('abc')).toBe('…');
    expect(mask('hunter2-secret')).toBe('…');
  });

  it('keeps enough to recognise a long key and never enough to use it', () => {
    const key = 'sk-proj-1234567890abcdefWXYZ';
    expect(mask(key)).toContain('…');
    expect(mask(key).endsWith('WXYZ')).toBe(true);
    expect(shownOf(mask(key), key)).toBeLessThanOrEqual(7);
  });

  // Rule (issue 33, "Short secrets are half shown"): a masked secret shows at most 4 characters
  // of itself, and none when it is shorter than 16.
  it('shows at most 4 characters of itself, none under 16 characters', () => {
    for (let length = 1; length < 40; length++) {
      const secret = Array.from({ length }, (_, i) => 'aB3$xY7!qW9#'[i % 12]).join('') + '';
      const shown = shownOf(mask(secret), secret);
      expect(shown, String(length)).toBeLessThanOrEqual(length < 16 ? 0 : 4);
    }
  });
});

describe('credentials inside URLs', () => {
  it('masks the password of a URL and nothing else', () => {
    // The URL class writes the mask percent-encoded; decoded, it is the same URL without its password.
    expect(decodeURIComponent(maskURLCredentials('http://user:s3cret@proxy.example:3128'))).toBe('http://user:…@proxy.example:3128');
    expect(decodeURIComponent(maskURLCredentials('http://user:s3cret@proxy.example:3128/'))).toBe('http://user:…@proxy.example:3128/');
    expect(decodeURIComponent(maskURLCredentials('http://user:s3cret@proxy.example:3128/path/'))).toBe('http://user:…@proxy.example:3128/path/');
    expect(maskURLCredentials('http://user@proxy.example:3128')).toBe('http://user@proxy.example:3128');
    expect(maskURLCredentials('not a url')).toBe('not a url');
  });

  it('masks passwords in URLs inside a text', () => {
    expect(maskCredentialsInText('error: option --proxy http://bob:hunter2@10.0.0.1:8080 and HTTPS://a:b@c are bad')).toBe('error: option --proxy http://bob:…@10.0.0.1:8080 and HTTPS://a:…@c are bad');
    expect(maskCredentialsInText('see https://example.com/a:b@c')).toBe('see https://example.com/a:b@c');
  });
});
