import { describe, expect, it } from 'vitest';
import { isPrivateAddress, isPrivateReach, reachOf } from '../../src/core/routing/reach.js';
import { keyedProvider, localProvider, publicProvider, fakeProvider } from './fakes.js';

describe('reachOf', () => {
  const keyed = keyedProvider('k');
  const keyless = publicProvider('p');

  it('a keyless service of others is public wherever it points, even at a private mirror', () => {
    expect(reachOf(keyless, 'https://api.p.example/v1', 'default', false)).toBe('public');
    expect(reachOf(keyless, 'http://127.0.0.1:8080/v1', 'flag', false)).toBe('public');
  });

  it('a keyless service given a key is the user account: keyed', () => {
    expect(reachOf(keyless, 'https://api.p.example/v1', 'default', true)).toBe('keyed');
  });

  it('a keyed provider at its own address is keyed, with or without a key', () => {
    expect(reachOf(keyed, 'https://api.k.example/v1', 'default', true)).toBe('keyed');
    expect(reachOf(keyed, 'https://api.k.example/v1', 'default', false)).toBe('keyed');
  });

  it('a keyed provider at an address the user set, or a private one, is local', () => {
    for (const source of ['flag', 'variable', 'config'] as const) expect(reachOf(keyed, 'https://gateway.example/v1', source, true)).toBe('local');
    expect(reachOf(keyed, 'http://192.168.1.9:8000/v1', 'default', true)).toBe('local');
  });

  it("Ollama's kind and the user's own endpoints are local", () => {
    expect(reachOf(localProvider('o'), 'https://far.example', 'default', false)).toBe('local');
    expect(reachOf(fakeProvider('mine', { userDefined: true }), 'https://far.example', 'default', false)).toBe('local');
  });

  it('only public is not private', () => {
    expect(isPrivateReach('public')).toBe(false);
    expect(isPrivateReach('keyed')).toBe(true);
    expect(isPrivateReach('local')).toBe(true);
  });
});

describe('isPrivateAddress', () => {
  const yes = [
    'http://localhost:1/v1',
    'http://LOCALHOST/',
    'http://api.localhost/',
    'http://127.0.0.1/',
    'http://127.255.1.2/',
    'http://10.1.2.3/',
    'http://192.168.0.1/',
    'http://172.16.0.1/',
    'http://172.20.0.1/',
    'http://172.31.255.1/',
    'http://169.254.169.254/',
    'http://0.0.0.0:8080/',
    'http://[::1]:8080/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
    'http://[fe80::1]/',
    'http://[febf::1]/',
  ];
  const no = [
    'https://api.openai.com/v1',
    'http://localhost.example.com/',
    'http://mylocalhost/',
    'http://11.0.0.1/',
    'http://1.10.0.1/',
    'http://172.15.0.1/',
    'http://172.32.0.1/',
    'http://1.172.16.0/',
    'http://192.169.0.1/',
    'http://169.253.0.1/',
    'http://0.0.0.1/',
    'http://[2001:db8::1]/',
    'http://[fec0::1]/',
    'http://[::2]/',
    'http://[1::fc00:1]/',
    'http://[1::fe80:1]/',
    'not a url',
  ];
  it.each(yes)('%s is private', (url) => expect(isPrivateAddress(url)).toBe(true));
  it.each(no)('%s is not private', (url) => expect(isPrivateAddress(url)).toBe(false));
});
