import { retryMessage, type ChainEvent } from '../core/chain/chain.js';
import { printNotice } from './messages.js';
import { startSpinner } from './spinner.js';

export interface DrawingProgress {
  onEvent(event: ChainEvent): void;
  onStatus(text: string): void;
  stop(): void;
}

/**
 * The progress line while a picture is made: on a terminal a spinner naming the provider and
 * the seconds waited (`drawing… openai, 12s`), a retry or a move holding the line until the
 * next provider is asked; in a pipe, moves and progress as lines on stderr (unless quiet).
 */
export async function watchDrawing(quiet: boolean, verbose: boolean): Promise<DrawingProgress> {
  // At once: a picture takes seconds, and the line names who draws it from the start.
  const spinner = await startSpinner('drawing…', !quiet, 0);
  let provider = '';
  let since = Date.now();
  let held: string | undefined;
  const show = () => {
    if (!spinner.active) return;
    const seconds = Math.floor((Date.now() - since) / 1000);
    spinner.text(held ?? `drawing… ${provider}${seconds > 0 ? `, ${seconds}s` : ''}`);
  };
  const timer = setInterval(show, 1000);
  timer.unref();
  const say = (message: string) => {
    if (spinner.active) {
      held = message;
      show();
    } else if (!quiet) printNotice(message);
  };
  return {
    onEvent(event) {
      switch (event.type) {
        case 'notice':
          if (verbose) printNotice(event.message);
          return;
        case 'asking':
          provider = event.provider;
          since = Date.now();
          held = undefined;
          return show();
        case 'retry':
          return say(retryMessage(event.provider, event.reason, event.seconds));
        case 'moving-on':
          // With --verbose the failure was already said as a notice.
          if (!verbose) say(event.message);
          return;
        default:
          return;
      }
    },
    onStatus: (text) => say(text),
    stop() {
      clearInterval(timer);
      spinner.stop();
    },
  };
}
