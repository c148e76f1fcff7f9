import { EXIT } from './exit-codes.js';

export interface RunSignals {
  controller: AbortController;
  /** The exit code a signal asked for, once one arrived. */
  exitCode(): number | undefined;
  dispose(): void;
}

/**
 * Ctrl-C (SIGINT) and SIGTERM abort the request in flight so the server sees the
 * connection close; the caller keeps the partial answer and exits 130 or 143.
 * A closed stdout (`| head`) aborts too, and ends the process quietly with 0.
 */
export function watchRunSignals(): RunSignals {
  const controller = new AbortController();
  let code: number | undefined;
  const onSigint = () => stop(EXIT.interrupted);
  const onSigterm = () => stop(EXIT.terminated);
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      controller.abort();
      process.exit(EXIT.ok);
    }
  };
  function stop(exit: number) {
    if (code !== undefined) process.exit(exit);
    code = exit;
    controller.abort();
  }
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  process.stdout.on('error', onStdoutError);
  return {
    controller,
    exitCode: () => code,
    dispose() {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      // The program's own stdout watch still ends a closed pipe quietly; repeated answers (shell mode's describe) add none.
      process.stdout.off('error', onStdoutError);
    },
  };
}
