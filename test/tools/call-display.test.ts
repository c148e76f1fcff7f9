import { describe, expect, it } from 'vitest';
import { registerSecret } from '../../src/ground/redact.js';
import { describeCall, displayCommand, PROMPT_BUDGET } from '../../src/tools/call-display.js';

describe('a call as the approval prompt shows it', () => {
  it('a command hidden behind 10,000 spaces is shown, the spaces counted', () => {
    const shown = describeCall('run_command', JSON.stringify({ command: `touch /tmp/x; :${' '.repeat(10_000)}echo hi` }));
    expect(shown).toBe('run_command $ touch /tmp/x; :⟨10000 spaces⟩echo hi');
  });

  it('JSON escapes are shown as the characters they are', () => {
    expect(describeCall('run_command', '{"command":"\\u0074ouch \\u002ftmp\\u002fx"}')).toBe('run_command $ touch /tmp/x');
    expect(describeCall('files__read', '{"path":"\\u006eotes.txt"}')).toBe('files__read {"path":"notes.txt"}');
  });

  it('a short value is whole; a long one is cut in the middle with the count of what is hidden', () => {
    expect(describeCall('files__read', '{"path":"notes.txt","start_line":3}')).toBe('files__read {"path":"notes.txt","start_line":3}');
    const long = `${'a'.repeat(3000)}MIDDLE${'b'.repeat(3000)}`;
    const shown = displayCommand(long);
    const hidden = Number(/⟨…(\d+) characters hidden…⟩/.exec(shown)![1]);
    expect(shown.startsWith('aaaa')).toBe(true);
    expect(shown.endsWith('bbbb')).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(PROMPT_BUDGET);
    expect(hidden + (shown.length - /⟨…\d+ characters hidden…⟩/.exec(shown)![0].length)).toBe(long.length);
  });

  it('line breaks, tabs and runs of invisible characters are shown and counted', () => {
    expect(displayCommand('a\nb\tc')).toBe('a␊b␉c');
    expect(displayCommand(`ls${'\n'.repeat(50)}rm x`)).toBe('ls⟨50 line breaks⟩rm x');
    expect(displayCommand(`ls${'\u3164'.repeat(5000)}rm x`)).toBe('ls⟨5000 × <U+3164>⟩rm x');
    expect(displayCommand(`ls${' \t'.repeat(40)}rm x`)).toBe('ls⟨80 blank characters⟩rm x');
    expect(displayCommand('ls\u2066; rm x\u2069')).toBe('ls<U+2066>; rm x<U+2069>');
    expect(displayCommand('ls \u001b[2J')).toBe('ls ␛[2J');
  });

  it('every argument counts against one budget: many long values still fit a screen', () => {
    const args = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v'.repeat(2000)]));
    const shown = describeCall('some__tool', JSON.stringify(args));
    expect(shown.length).toBeLessThan(PROMPT_BUDGET + 400);
    expect(shown).toContain('⟨28 more arguments⟩');
  });

  it('a secret in an argument is masked before anything is cut', () => {
    registerSecret('sk-display-secret-0123456789');
    const shown = describeCall('fetch_url', JSON.stringify({ url: `https://x.example/?k=sk-display-secret-0123456789${'z'.repeat(4000)}` }));
    expect(shown).not.toContain('sk-d');
    expect(shown).toContain('…6789');
  });

  it('arguments that are not JSON are shown by the same rule', () => {
    expect(describeCall('x', `{"command": "touch a;${' '.repeat(500)}`)).toBe('x {"command": "touch a;⟨500 spaces⟩');
  });

  it('a path is shown with the real path it resolves to when they differ', () => {
    const realPath = (_tool: string, path: string) => (path === 'docs/notes.md' ? '/home/u/.ssh/id_ed25519' : path);
    expect(describeCall('read_file', '{"path":"docs/notes.md"}', { realPath })).toBe('read_file {"path":"docs/notes.md" → /home/u/.ssh/id_ed25519}');
    expect(describeCall('read_file', '{"path":"a.txt"}', { realPath })).toBe('read_file {"path":"a.txt"}');
  });
});
