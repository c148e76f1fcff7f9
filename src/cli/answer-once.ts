import { emptyAnswer, streamAnswer, type AnswerResult } from '../core/answer/answer.js';
import { retryMessage } from '../core/chain/chain.js';
import { toG4fError, type G4fError } from '../ground/errors.js';
import { CpuAllowance, PROOF_OF_WORK_CPU_MS } from '../ground/cpu-allowance.js';
import type { ChainEvent, ChainLink, HealedHandler } from '../core/chain/chain.js';
import type { ChatRequest, Upstream } from '../ground/types.js';
import { printNotice, printWarning } from './messages.js';
import { watchRunSignals } from './process-signals.js';
import type { Settings } from './settings.js';
import { startSpinner, type Spinner } from './spinner.js';
import { chainSettings } from '../core/chain/chain-settings.js';

/** Where an answer's text goes: an AnswerWriter, or a filter in front of one. */
export interface AnswerSink {
  text(text: string): void;
  reasoning(text: string): void;
  ready(): Promise<void> | undefined;
  end(): Promise<void>;
}

/** `ask` is one run per process: every answer of it (tool steps, --shell's describe) shares one proof-of-work allowance. */
const runProofOfWork = new CpuAllowance(PROOF_OF_WORK_CPU_MS);

export interface AnswerOnceOptions {
  /** Where text goes as it arrives; without one (shell mode) it is only kept. */
  writer?: AnswerSink;
  /** Whether a spinner may show while nothing is written. */
  spinner: boolean;
  /** Most characters of the answer kept in `result.text`. */
  keepText: number;
  /** What the spinner says until text arrives. */
  waiting?: string;
  /** Health bookkeeping of every attempt. */
  record(attempts: AnswerResult['attempts']): Promise<void>;
  /** A retired default was replaced from the provider's own list: say so once, remember it. */
  onHealed?: HealedHandler;
}

export interface AnswerOnce {
  result: AnswerResult;
  failure?: G4fError;
  /** 130 or 143 when a signal ended the answer. */
  signalled?: number;
}

/**
 * One answer through the chain: the spinner until text arrives (progress on stderr when
 * there is none), retry and fallback notices, Ctrl-C and SIGTERM aborting the request,
 * the writer drained at the end (bounded after a signal: a pipe nobody reads must not
 * hold the exit).
 */
export async function answerOnce(links: readonly ChainLink[], request: ChatRequest, settings: Settings, options: AnswerOnceOptions, skipped: AnswerResult['attempts'] = []): Promise<AnswerOnce> {
  const notice = (message: string) => {
    if (settings.verbose) printNotice(message);
  };
  const signals = watchRunSignals();
  const spinner = await startSpinner(options.waiting ?? 'thinking…', options.spinner && !settings.quiet);
  // Without a spinner, a long silence is explained once on stderr (unless --quiet).
  const waitingFor = watchWaiting(spinner, options.waiting ?? 'thinking…', settings.quiet ? undefined : printNotice);
  const showProgress = (message: string) => {
    waitingFor.pause(message);
    if (spinner.active) spinner.text(message);
    else if (!settings.quiet) printNotice(message);
  };
  const writer = options.writer;
  const result: AnswerResult = emptyAnswer([...skipped]);
  let failure: G4fError | undefined;
  try {
    await streamAnswer(
      links,
      request,
      {
        signal: signals.controller.signal,
        proofOfWork: runProofOfWork,
        ...chainSettings(settings),
        onEvent: chainEventsOnStderr({ settings, spinner, waitingFor, notice, showProgress, onHealed: options.onHealed }),
      },
      {
        onStart: (provider, model, upstream) => notice(`${provider} · ${model}${describeUpstream(upstream)}`),
        onStatus: showProgress,
        onText: (text) => {
          waitingFor.answered();
          if (!writer) return;
          spinner.stop();
          writer.text(text);
        },
        onReasoning: (text) => {
          waitingFor.answered();
          if (!writer) return;
          spinner.stop();
          writer.reasoning(text);
        },
        ready: () => writer?.ready(),
        keepText: options.keepText,
        // A refusal is the answer the model gave: shown as text, reported apart in --json.
        // Words that only explain a stop are ours to say, on stderr: stdout stays the server's text.
        onRefusal: (text, note) => {
          waitingFor.answered();
          spinner.stop();
          if (note) printWarning(`${result.provider ?? 'the provider'} refused: ${text}`);
          else writer?.text(text);
        },
      },
      result,
    );
  } catch (error) {
    failure = toG4fError(error);
  } finally {
    waitingFor.dispose();
    spinner.stop();
    signals.dispose();
  }
  await options.record(result.attempts);
  const signalled = signals.exitCode();
  if (writer) await (signalled !== undefined ? Promise.race([writer.end(), new Promise((resolve) => setTimeout(resolve, 200))]) : writer.end());
  return { result, failure, signalled };
}

/** ` (route: groq · llama-3.3-70b)`: the route and model a gateway's headers echo (not proof of who answered). */
export function describeUpstream(upstream: Upstream | undefined): string {
  if (!upstream) return '';
  return ` (route: ${[upstream.provider, upstream.model].filter(Boolean).join(' · ')})`;
}

/** Seconds of silence from a provider after which a run without a spinner says whom it waits for. */
const QUIET_WAIT_NOTICE_SECONDS = 4;

/**
 * The spinner names the provider being asked and counts the seconds waited: `thinking… groq, 7s`.
 * Without a spinner (a pipe), a wait past a few seconds is said once per provider on `notice`.
 */
function watchWaiting(spinner: Spinner, waiting: string, notice?: (message: string) => void) {
  let current: { provider: string; label: string; since: number; move: boolean; noticed: boolean } | undefined;
  let paused = false;
  let said = '';
  const show = () => {
    if (!current) return;
    const seconds = Math.floor((Date.now() - current.since) / 1000);
    if (!spinner.active && notice && !current.noticed && seconds >= QUIET_WAIT_NOTICE_SECONDS) {
      current.noticed = true;
      notice(`waiting for ${current.provider}: no answer yet after ${seconds}s`);
    }
    if (paused || !spinner.active) return;
    if (current.move) spinner.text(`${current.label}…${seconds > 0 ? ` ${seconds}s` : ''}`);
    else spinner.text(`${waiting} ${current.label}${seconds > 0 ? `, ${seconds}s` : ''}`);
  };
  const timer = setInterval(show, 1000);
  timer.unref();
  return {
    asking(provider: string) {
      // After a move, its words stay on the line while the next provider is waited for.
      const move = said.endsWith(`; trying ${provider}`);
      current = { provider, label: move ? said : provider, since: Date.now(), move, noticed: false };
      paused = false;
      said = '';
      show();
    },
    /** Another message (a retry, a move) holds the line until the next provider is asked. */
    pause(message: string) {
      paused = true;
      said = message;
    },
    /** The answer began: nothing is waited for any more. */
    answered() {
      current = undefined;
    },
    dispose() {
      clearInterval(timer);
    },
  };
}

/** What ask's chain event handler shows with: the spinner, the wait watcher, and how notices and progress are said. */
interface EventDisplay {
  settings: Settings;
  spinner: Spinner;
  waitingFor: ReturnType<typeof watchWaiting>;
  notice(message: string): void;
  showProgress(message: string): void;
  onHealed?: HealedHandler;
}

/** The chain's events on stderr: notices with --verbose, retries and moves as progress, who answered. */
function chainEventsOnStderr({ settings, spinner, waitingFor, notice, showProgress, onHealed }: EventDisplay): (event: ChainEvent) => void {
  let movesPrinted = false;
  return (event) => {
    switch (event.type) {
      case 'notice':
        return notice(event.message);
      case 'retry':
        return showProgress(retryMessage(event.provider, event.reason, event.seconds));
      case 'fallback':
        // After the failures were said line by line, only who answered is left to say.
        waitingFor.answered();
        spinner.stop();
        return printNotice(movesPrinted ? event.answeredBy : event.message);
      case 'moving-on':
        // Said as it happens, in a pipe too: a wait of any length that ends in a move is explained.
        if (settings.verbose) return;
        if (!spinner.active && !settings.quiet) movesPrinted = true;
        return showProgress(event.message);
      case 'asking':
        return waitingFor.asking(event.provider);
      case 'healed':
        return onHealed?.(event.link, event.retired, event.reason, event.how);
    }
  };
}
