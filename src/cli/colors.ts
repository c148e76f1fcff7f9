import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Styles for one stream: none with `--no-color` or in a pipe (unless FORCE_COLOR); with
 * NO_COLOR on a terminal, bold, dim, italic and underline stay and only colour goes (NO_COLOR
 * is about colour: headings and emphasis must not vanish); otherwise colour on a terminal.
 */
export function colorsFor(stream: NodeJS.WriteStream, argv: readonly string[] = process.argv): ChalkInstance {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '' && !argv.includes('--no-color')) {
    const styled = colorLevel(stream, { ...env, NO_COLOR: undefined }, argv) > 0;
    return styled ? withoutColour(new Chalk({ level: 1 })) : new Chalk({ level: 0 });
  }
  return new Chalk({ level: colorLevel(stream, env, argv) });
}

// Foreground, background and bright colours, 256-colour and true-colour forms, and their resets.
// eslint-disable-next-line no-control-regex
const COLOUR_CODES = /\u001b\[(?:3\d|4\d|9[0-7]|10[0-7])(?:;\d+)*m/g;

/**
 * A chalk whose every result has its colour codes removed; other styles are kept. The proxy
 * stands on an empty arrow function and delegates: chalk pins its builders as non-configurable
 * properties, which a proxy on chalk itself could not return wrapped.
 */
function withoutColour<T extends object>(real: T): T {
  const delegate = real as unknown as Record<PropertyKey, unknown> & ((...args: unknown[]) => unknown);
  return new Proxy((() => undefined) as unknown as T, {
    get(_target, property) {
      const value = delegate[property];
      return typeof value === 'function' ? withoutColour(value as object) : value;
    },
    apply(_target, _self, args) {
      const result = delegate(...args);
      return typeof result === 'string' ? result.replace(COLOUR_CODES, '') : result;
    },
  });
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
