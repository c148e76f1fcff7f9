import pty from '@lydell/node-pty';
import { BIN, cleanEnv } from './run-cli.js';

export interface PtySession {
  /** Everything the terminal received so far. */
  output(): string;
  write(keys: string): void;
  /** Waits until the output after `from` matches; fails with the screen so far. */
  waitFor(pattern: RegExp | string, options?: { from?: number; timeoutMs?: number }): Promise<number>;
  exited: Promise<number>;
  kill(signal?: NodeJS.Signals): void;
  /** Resizes the window (the program gets SIGWINCH), remembered at this point of the output. */
  resize(cols: number, rows: number): void;
  /** The output so far, with the resizes where they happened (for a virtual screen). */
  parts(): Array<string | { cols: number; rows: number }>;
}

/** Runs the built CLI in a real pseudo-terminal, as a person at a terminal would. */
export function spawnInPty(args: readonly string[], options: { home: string; env?: Record<string, string> }): PtySession {
  const env: Record<string, string> = { ...cleanEnv(options.home), TERM: 'xterm-256color', ...options.env };
  // A person's terminal: CI=true (set where the suite runs in CI) makes the spinner library print once instead of animating.
  delete env.CI;
  return spawnPty(process.execPath, [BIN, ...args], { env, cols: 100, rows: 30 });
}

/** Any program in a real pseudo-terminal (a shell that sets the terminal up first, say). */
export function spawnPty(file: string, args: readonly string[], options: { env: Record<string, string>; cols: number; rows: number }): PtySession {
  const term = pty.spawn(file, [...args], { name: 'xterm-256color', cols: options.cols, rows: options.rows, env: { TERM: 'xterm-256color', ...options.env } });
  let out = '';
  term.onData((data) => (out += data));
  const resizes: Array<{ at: number; cols: number; rows: number }> = [];
  // node-pty may report the exit before the last output is read (more often on a busy
  // machine): give trailing output a moment to arrive before the exit is handed on.
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => setTimeout(() => resolve(exitCode), 100)));
  return {
    output: () => out,
    write: (keys) => term.write(keys),
    async waitFor(pattern, { from = 0, timeoutMs = 8000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const tail = out.slice(from);
        const index = typeof pattern === 'string' ? tail.indexOf(pattern) : tail.search(pattern);
        if (index !== -1) return from + index;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${JSON.stringify(tail.slice(-2000))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    exited,
    resize(cols, rows) {
      resizes.push({ at: out.length, cols, rows });
      term.resize(cols, rows);
    },
    parts() {
      const parts: Array<string | { cols: number; rows: number }> = [];
      let from = 0;
      for (const r of resizes) {
        parts.push(out.slice(from, r.at), { cols: r.cols, rows: r.rows });
        from = r.at;
      }
      parts.push(out.slice(from));
      return parts;
    },
    kill: (signal) => {
      try {
        term.kill(signal);
      } catch {
        // already gone
      }
    },
  };
}
