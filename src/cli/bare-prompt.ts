/** Letters two words differ by (Levenshtein distance), for telling a typo from a question. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length];
}

const TOP_LEVEL_FLAGS = new Set(['-h', '--help', '-V', '--version']);

/**
 * The arguments with the command made explicit: `g4f-chat "why?"` is `ask "why?"`;
 * `g4f-chat` alone is `chat` on a terminal and `ask` with piped input. A word that is a
 * command stays one, and a lone word one typo away from a command (`chta`) is left for
 * the command line to refuse with a suggestion, never sent to a model as a question.
 */
export function withCommand(argv: readonly string[], commands: readonly string[], stdinIsTerminal: boolean): string[] {
  if (argv.length === 0) return [stdinIsTerminal ? 'chat' : 'ask'];
  const isCommand = (arg: string) => commands.includes(arg) || arg === 'help';
  // `g4f-chat chat …`, or options before a command (`--no-color providers`) for commander to judge.
  if (isCommand(argv[0]) || (argv[0].startsWith('-') && argv.some(isCommand))) return [...argv];
  if (argv.length === 1 && TOP_LEVEL_FLAGS.has(argv[0])) return [...argv];
  const first = argv[0].toLowerCase();
  if (/^[a-z-]{2,12}$/.test(first) && commands.some((name) => distance(first, name) <= Math.min(2, name.length - 2))) return [...argv];
  return ['ask', ...argv];
}
