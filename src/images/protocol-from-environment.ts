import type { ShowMode } from './show-image.js';

/**
 * What the environment alone tells about the terminal's image protocol: 'none' when the output
 * is not a terminal or the terminal is dumb, the protocol of a terminal that names itself, or
 * undefined when only asking the terminal can tell.
 */
export function protocolFromEnvironment(env: NodeJS.ProcessEnv, out: { isTTY?: boolean }): ShowMode | undefined {
  if (!out.isTTY) return 'none';
  const term = env.TERM ?? '';
  if (term === 'dumb') return 'none';
  // Inside tmux or screen the outer terminal's variables are inherited but its protocols do not
  // pass through (tmux drops APC and OSC 1337 unless passthrough is set up), so only the query,
  // which tmux answers itself (with sixel when it was built with it), decides there.
  if (env.TMUX || env.STY || term.startsWith('screen') || term.startsWith('tmux')) return undefined;
  if (env.KITTY_WINDOW_ID || term === 'xterm-kitty' || env.TERM_PROGRAM === 'ghostty' || term === 'xterm-ghostty') return 'kitty';
  // WezTerm speaks both kitty's protocol and iTerm2's; iTerm2's is the one it enables by
  // default and implements fully (its kitty graphics sit behind `enable_kitty_graphics`, and it
  // ignored kitty's aspect-keeping c/r), so it gets iTerm2's. VS Code's terminal draws them
  // only with `terminal.integrated.enableImages` on; `--show blocks` is the way out otherwise.
  if (env.TERM_PROGRAM === 'iTerm.app' || env.TERM_PROGRAM === 'WezTerm' || env.TERM_PROGRAM === 'vscode' || env.LC_TERMINAL === 'iTerm2') return 'iterm';
  return undefined;
}
