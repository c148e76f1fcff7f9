declare const __G4F_CHAT_VERSION__: string | undefined;

// Read here rather than from core/version.ts so that `--version` loads this one file.
export const VERSION = typeof __G4F_CHAT_VERSION__ === 'string' ? __G4F_CHAT_VERSION__ : '0.0.0-dev';

/** Entry point of the `g4f-chat` binary. `--version` answers before anything else is loaded. */
export async function main(argv: string[]): Promise<void> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const { runProgram } = await import('./cli/program.js');
  await runProgram(argv, VERSION);
  // Idle keep-alive sockets must not hold the process open once the work is done. After
  // a signal (130, 143) stdout may be a pipe nobody reads: waiting for it is bounded.
  const drained = Promise.all([drain(process.stdout), drain(process.stderr)]);
  const signalled = process.exitCode === 130 || process.exitCode === 143;
  await (signalled ? Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 300))]) : drained);
  process.exit(process.exitCode ?? 0);
}

function drain(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    stream.write('', () => resolve());
  });
}
