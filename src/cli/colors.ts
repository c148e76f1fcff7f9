import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour for one stream: never when NO_COLOR is set or `--no-color` was given, forced by
 * FORCE_COLOR, otherwise only on a terminal.
 */
export function colorsFor(stream: NodeJS.WriteStream, argv: readonly string[] = process.argv): ChalkInstance {
  return new Chalk({ level: colorLevel(stream, process.env, argv) });
}

export function colorLevel(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, argv: readonly string[]): 0 | 1 | 2 | 3 {
  if (argv.includes('--no-color') || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  return (env.TERM ?? '').includes('256') ? 2 : 1;
}
