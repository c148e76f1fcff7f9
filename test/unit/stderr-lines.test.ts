import { afterEach, describe, expect, it, vi } from 'vitest';
import { printError, printNotice, printWarning } from '../../src/cli/messages.js';
import { maskCredentialsInText, redact, registerSecret } from '../../src/ground/redact.js';
import { sanitizeForTerminal } from '../../src/ground/terminal-safe-text.js';

const SECRET = 'sk-stderr-lines-0123456789abcdef';
registerSecret(SECRET);

/** What a print function wrote on stderr. */
function printed(print: () => void): string {
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    print();
    return write.mock.calls.map(([chunk]) => String(chunk)).join('');
  } finally {
    write.mockRestore();
  }
}

const LINES = [
  'POST /v1/chat/completions auto → openai/gpt-4o-mini 200 3ms',
  'GET /v1/models 200 1ms',
  `POST /v1/chat/completions?key=${SECRET} 401 0ms`,
  'error: option --proxy http://bob:hunter2@10.0.0.1:8080 and HTTPS://a:b@c are bad',
  'see https://example.com/a:b@c',
  'socks5://u:p@h:1 then ftp://x:y@z',
  'bob:hunter2@10.0.0.1 has no scheme',
  'http:/a:b@c and ://a:b@c',
  'a \u001b[31mred\u001b[0m word and a bell \u0007 and a\nsecond line',
  `cut short ${SECRET.slice(0, 12)}…`,
  '',
];

describe('the lines printed on stderr', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a notice is the line redacted, its URL passwords masked and made safe for the terminal, as every stderr line', () => {
    for (const line of LINES) {
      const expected = `${sanitizeForTerminal(maskCredentialsInText(redact(line))).replace(/\n(?!\s)/g, '\n  ')}\n`;
      expect(printed(() => printNotice(line))).toBe(expected);
    }
  });

  it('no URL password, key or terminal control reaches stderr from a notice, warning or error', () => {
    for (const print of [printNotice, printWarning, (line: string) => printError(line)]) {
      for (const line of LINES) {
        const out = printed(() => print(line));
        expect(out).not.toContain('//bob:hunter2@');
        expect(out).not.toContain(SECRET);
        expect(out).not.toMatch(/HTTPS:\/\/a:b@|u:p@h|x:y@z/);
        expect(out).not.toMatch(/[\u0007]|\u001b\[31m/);
      }
    }
  });

  it('a password in a URL is masked in the log line of a request whose path holds one', () => {
    expect(printed(() => printNotice('GET /v1/x?u=http://me:pw12345@host/ 404 0ms'))).toBe('GET /v1/x?u=http://me:…@host/ 404 0ms\n');
  });
});
