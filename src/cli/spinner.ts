export interface Spinner {
  /** True while it is shown (on a terminal, not yet stopped). */
  readonly active: boolean;
  stop(): void;
  text(text: string): void;
}

const noSpinner: Spinner = { active: false, stop() {}, text() {} };

/** An ora spinner on stderr, only when stderr is a terminal; ora is loaded only then. */
export async function startSpinner(text: string, enabled: boolean): Promise<Spinner> {
  if (!enabled || !process.stderr.isTTY) return noSpinner;
  // ora divides by the width: a terminal reporting 0 columns would make it loop forever.
  if (!(process.stderr.columns > 0)) process.stderr.columns = 80;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: process.stderr, discardStdin: false }).start();
  let running = true;
  return {
    get active() {
      return running;
    },
    // ora moves the cursor even when already stopped, so stop only once.
    stop: () => {
      if (!running) return;
      running = false;
      spinner.stop();
    },
    text: (value) => {
      spinner.text = value;
    },
  };
}
