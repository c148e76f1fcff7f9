import { describe, expect, it } from 'vitest';
import { mask, maskCredentialsInText, redact, redactAndCut, registerSecret } from '../../src/ground/redact.js';

// Each value is registered inside its own test (never while the file is collected), so that a
// mutation of the registry's rules is exercised by the test that states the rule. Values are
// unique per test: the registry is shared by the whole file.

/** True when `value` was taken as a secret: its hex form, always 8 characters or more, is masked. */
function registered(value: string): boolean {
  const hex = Buffer.from(value).toString('hex');
  return redact(`[${hex}]`) !== `[${hex}]`;
}

describe('which values the registry takes as secrets', () => {
  it('nothing under 8 characters, however mixed', () => {
    for (const value of ['Pa5sw0r', 'ab-12', 'Q1!']) registerSecret(value);
    expect(['Pa5sw0r', 'ab-12', 'Q1!'].filter(registered)).toEqual([]);
  });

  it('8 to 15 characters: only with a digit or a symbol and two kinds of character', () => {
    const taken = ['abcdefg1', 'ABCDEFG2', 'abcd-efg', 'WXYZ-ABC'];
    const refused = ['12345678', '87654321', 'qwertyui', 'ABCDefgh', 'QWERTYUIOPASDFG'];
    for (const value of [...taken, ...refused]) registerSecret(value);
    expect(taken.filter((value) => !registered(value))).toEqual([]);
    expect(refused.filter(registered)).toEqual([]);
  });

  it('16 characters or more, even of letters alone', () => {
    registerSecret('onlylowercaseabc');
    registerSecret('onlylowercaseab');
    expect(registered('onlylowercaseabc')).toBe(true);
    expect(registered('onlylowercaseab')).toBe(false);
  });
});

describe('every form of a key is found', () => {
  it('base64 without its padding, where the key is followed by more text', () => {
    // 16 bytes encode to 22 characters and `==`; `~~~` puts a `+` in the base64, so the
    // base64url form differs and only the unpadded base64 form matches.
    const key = '~~~unpadded-key-';
    registerSecret(key);
    const unpadded = Buffer.from(key).toString('base64').replace(/=+$/, '');
    expect(unpadded).toContain('+');
    const out = redact(`token:${unpadded}.rest`);
    expect(out).not.toContain(unpadded.slice(0, 10));
    expect(out).toBe(`token:${mask(unpadded)}.rest`);
  });

  it('inside a longer base64 text, at each of the three alignments', () => {
    const key = 'sk-aligned-9Zq4Wm7Lp2';
    registerSecret(key);
    for (const before of ['', 'u', 'us', 'usr:', 'user:', 'users:']) {
      const whole = Buffer.from(`${before}${key}@host-and-more`).toString('base64');
      const out = redact(`Basic ${whole}`);
      expect(out, before).not.toBe(`Basic ${whole}`);
      expect(out, before).toContain('…');
    }
  });

  it('a longer secret holding a shorter one is masked whole, not around the shorter', () => {
    const inner = 'inner-secret-0451';
    const outer = `prefix-${inner}-suffix`;
    registerSecret(inner);
    registerSecret(outer);
    expect(redact(`said ${outer} twice`)).toBe(`said ${mask(outer)} twice`);
  });
});

describe('redactAndCut', () => {
  it('leaves a text within the bound as it is, the bound included', () => {
    expect(redactAndCut('short', 10)).toBe('short');
    expect(redactAndCut('12345', 5)).toBe('12345');
  });

  it('cuts a longer one to the bound, the last character an ellipsis', () => {
    expect(redactAndCut('abcdefghij', 5)).toBe('abcd…');
  });
});

describe('maskCredentialsInText', () => {
  it('masks a URL password at the very start of the text', () => {
    expect(maskCredentialsInText('http://user:hunter2pass@host/x')).toBe('http://user:…@host/x');
    expect(maskCredentialsInText('redis://:pw-9f8e7d@127.0.0.1:6379 failed')).toBe('redis://:…@127.0.0.1:6379 failed');
  });
});
