import { spawn } from 'node:child_process';
import { sanitizeLabel } from '../ground/terminal-safe-text.js';
import type { McpSignIn } from '../tools/mcp-oauth.js';
import { colorsFor } from './colors.js';
import type { AppContext } from './settings.js';

export interface SignInOptions {
  /** Whether the user can sign in now: a terminal (or `mcp login`, which is asked for). Without it a server that needs a sign-in fails at once, naming `mcp login`. */
  canSignIn: boolean;
  /** Sign in anew even with stored tokens (`mcp login`). */
  fresh?: boolean;
  onSignedIn?(server: string): void;
}

/** True when stdin and stderr are a terminal: someone is there to sign in. */
export const atTerminal = () => Boolean(process.stdin.isTTY && process.stderr.isTTY);

/**
 * An HTTP server's OAuth sign-in as the command line does it: its address on stderr (sanitised),
 * a browser opened on a terminal only (never in CI or a pipe; `$BROWSER` first), Ctrl-C cancels.
 */
export function terminalSignIn(app: AppContext, options: SignInOptions): McpSignIn {
  return {
    stateDir: app.paths.state,
    fresh: options.fresh,
    onSignedIn: options.onSignedIn,
    ...(options.canSignIn
      ? {
          authorize: (server: string, url: URL, cancel: () => void) => {
            // Watched before the words that say Ctrl-C cancels are shown.
            const onInterrupt = () => cancel();
            process.on('SIGINT', onInterrupt);
            const c = colorsFor(process.stderr);
            process.stderr.write(`${c.bold(`MCP server ${sanitizeLabel(server)} asks you to sign in.`)} Open this address in a browser:\n  ${sanitizeLabel(url.href)}\n${c.dim('waiting for the browser to come back (at most 5 minutes; Ctrl-C cancels)…')}\n`);
            const ci = Boolean(app.env.CI) && app.env.CI !== 'false' && app.env.CI !== '0';
            if (atTerminal() && !ci) openBrowser(url, app.env.BROWSER);
            return () => void process.off('SIGINT', onInterrupt);
          },
        }
      : {}),
  };
}

/** Opens an http(s) address in the user's browser, the address an argument (never through a shell on Linux or macOS); failures are silent. */
function openBrowser(url: URL, browser: string | undefined): void {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return;
  const [command, args, verbatim] =
    browser ? [browser, [url.href], false]
    : process.platform === 'darwin' ? ['open', [url.href], false]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', `"${url.href}"`], true]
    : ['xdg-open', [url.href], false];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: verbatim });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No browser to open: the address is on the screen.
  }
}
