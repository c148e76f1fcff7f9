export interface Spinner {
  /** True while it is meant to be shown (on a terminal, not yet stopped). */
  readonly active: boolean;
  stop(): void;
  text(text: string): void;
}

const noSpinner: Spinner = { active: false, stop() {}, text() {} };

/**
 * How long a wait goes without a spinner by default: an answer that starts sooner never loads
 * ora (about 55 kB of code, compiled on the thread that would write the answer's first words);
 * a longer wait shows the spinner a frame or so later than it could, which no one sees.
 */
const SPINNER_DELAY_MS = 100;

/**
 * An ora spinner on stderr, only when stderr is a terminal. ora is loaded in the background
 * after `delayMs`: the request goes out at once, and an answer that starts before ora is
 * ready never shows a spinner at all.
 */
export async function startSpinner(text: string, enabled: boolean, delayMs = SPINNER_DELAY_MS): Promise<Spinner> {
  if (!enabled || !process.stderr.isTTY) return noSpinner;
  // ora divides by the width: a terminal reporting 0 columns would make it loop forever.
  if (!(process.stderr.columns > 0)) process.stderr.columns = 80;
  let running = true;
  let current = text;
  let shown: { stop(): void; text: string } | undefined;
  const later = setTimeout(() => {
    void import('ora').then(
      ({ default: ora }) => {
        // NO_COLOR: the spinner's frames go uncoloured too (ora colours them itself).
        const color = process.env.NO_COLOR ? false : 'cyan';
        if (running) shown = ora({ text: current, stream: process.stderr, discardStdin: false, color }).start();
      },
      () => undefined,
    );
  }, delayMs);
  return {
    get active() {
      return running;
    },
    // ora moves the cursor even when already stopped, so stop only once.
    stop: () => {
      if (!running) return;
      running = false;
      clearTimeout(later);
      shown?.stop();
    },
    text: (value) => {
      current = value;
      if (shown) shown.text = value;
    },
  };
}
