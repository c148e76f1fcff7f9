import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMANDS } from '../../src/repl/slash-commands.js';
import { runCli } from '../helpers/run-cli.js';

const page = readFileSync(new URL('../../docs/coming-from.md', import.meta.url), 'utf8');
const SUBCOMMANDS = new Set(['ask', 'chat', 'serve', 'providers', 'models', 'mcp', 'history', 'roles', 'config', 'keys']);
const NESTED = new Set(['history', 'roles', 'config', 'keys', 'mcp']);

/** The g4f-chat cell of every table row: its backticked command (after a pipe, if any). */
function ourCommands(): string[] {
  const rows = page.split('\n').filter((line) => line.startsWith('| `'));
  return rows.map((row) => /\| `([^`]+)`[^|]*\|$/.exec(row.replace(/\\\|/g, '¦'))?.[1] ?? '').map((cell) => cell.replace(/¦/g, '|'));
}

/** Shell words, quotes honoured. */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

describe('docs/coming-from.md', () => {
  it('is linked from the README', () => {
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain('(docs/coming-from.md)');
  });

  it('every g4f-chat line uses a command and options that exist', async () => {
    const commands = ourCommands();
    expect(commands.length).toBeGreaterThan(40);
    const helps = new Map<string, string>();
    for (const command of commands) {
      if (command.startsWith('/')) {
        expect(SLASH_COMMANDS.map((c) => c.name), command).toContain(command.slice(1).split(' ')[0]);
        continue;
      }
      const ours = command.split('| ').at(-1)!;
      const [bin, ...rest] = words(ours);
      expect(bin, command).toBe('g4f-chat');
      const sub = rest[0] && SUBCOMMANDS.has(rest[0]) ? [rest[0], ...(NESTED.has(rest[0]) && rest[1] && !rest[1].startsWith('-') ? [rest[1]] : [])] : [];
      const key = sub.join(' ');
      if (!helps.has(key)) {
        const help = await runCli([...sub, '--help']);
        expect(help.code, `${key} --help`).toBe(0);
        helps.set(key, help.stdout);
      }
      // A bare prompt is ask: its options are ask's.
      const help = sub.length === 0 ? (helps.get('ask') ?? (await runCli(['ask', '--help'])).stdout) : helps.get(key)!;
      for (const option of rest.filter((w) => /^-{1,2}[a-zA-Z]/.test(w))) expect(help, `${command}: ${option}`).toMatch(new RegExp(`(^|[ ,])${option.replace(/-/g, '\\-')}([ ,=<]|$)`, 'm'));
    }
  });
});
