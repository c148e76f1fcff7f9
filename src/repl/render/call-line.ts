import type { ChalkInstance } from 'chalk';
import { sanitizeLabel } from '../../ground/terminal-safe-text.js';
import { formatBytes } from '../../input/text-bytes.js';
import type { CallOutcome, CallProgress, CallWatcher } from '../../tools/run-tool-call.js';
import { displayWidth } from './display-width.js';

export interface CallLineOptions {
  write(text: string): void;
  colors: ChalkInstance;
  /** A terminal that can redraw a line: the running call's line counts its seconds. */
  live: boolean;
  columns(): number;
}

/**
 * Each call on one line: while it runs (on a terminal) `⏺ NAME ARGS · 12s · 40% message`,
 * redrawn each second and on each progress report; when it ends, `⏺ NAME ARGS → 1.2 KB`
 * (or why it did not run), on screen and in a pipe alike.
 */
export interface CallLine extends CallWatcher {
  /** Takes the running call's line off the screen while something else asks the user (a server's question); returns the undo. */
  hold(): () => void;
}

export function callLine(options: CallLineOptions): CallLine {
  let timer: NodeJS.Timeout | undefined;
  let started = 0;
  let shownNow = '';
  let progress: CallProgress | undefined;
  const draw = () => {
    const seconds = Math.floor((performance.now() - started) / 1000);
    const suffix = ` · ${seconds}s${progressWords(progress)}`;
    options.write(`\r\x1b[K${options.colors.dim(`${fit(`⏺ ${shownNow}`, options.columns() - displayWidth(suffix) - 1)}${suffix}`)}`);
  };
  const stop = () => {
    if (timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
    options.write('\r\x1b[K');
  };
  return {
    running(_call, shown) {
      if (!options.live) return;
      shownNow = shown;
      started = performance.now();
      progress = undefined;
      draw();
      timer = setInterval(draw, 1000);
      timer.unref();
    },
    progress(report) {
      progress = report;
      if (timer !== undefined) draw();
    },
    hold() {
      if (timer === undefined) return () => {};
      stop();
      return () => {
        draw();
        timer = setInterval(draw, 1000);
        timer.unref();
      };
    },
    done(call, outcome, shown) {
      stop();
      options.write(`${options.colors.dim(`⏺ ${shown} → ${outcomeWords(call.name, outcome)}`)}\n`);
    },
  };
}

/** ` · 40% · reading` from a progress report; a count without a total is shown as it is. */
function progressWords(progress: CallProgress | undefined): string {
  if (!progress) return '';
  const parts: string[] = [];
  if (typeof progress.progress === 'number' && typeof progress.total === 'number' && progress.total > 0) parts.push(`${Math.min(100, Math.round((progress.progress / progress.total) * 100))}%`);
  else if (typeof progress.progress === 'number') parts.push(String(progress.progress));
  if (progress.message) parts.push(sanitizeLabel(progress.message.slice(0, 200)));
  return parts.map((p) => ` · ${p}`).join('');
}

/** What happened, in a few words: the size of what came back, or why nothing did. */
export function outcomeWords(name: string, outcome: CallOutcome): string {
  switch (outcome.status) {
    case 'ran':
      return [formatBytes(Buffer.byteLength(outcome.result)), ...(outcome.media ?? []).map((m) => sanitizeLabel(m))].join(', ');
    case 'no-terminal':
      return `${outcome.result}: there is no terminal to ask on (--approve ${sanitizeLabel(name)} approves it ahead)`;
    case 'denied':
      return outcome.result;
    case 'interrupted':
      return 'stopped';
    default:
      return `${sanitizeLabel([...outcome.result].slice(0, 200).join(''))}${outcome.remedy?.type === 'mcp-login' ? `; sign in with: g4f-chat mcp login ${outcome.remedy.server}` : ''}`;
  }
}

/** Cut to `width` columns, so that the line never wraps (a wrapped line cannot be redrawn). */
function fit(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 1;
  for (const ch of text) {
    used += displayWidth(ch);
    if (used > width) break;
    out += ch;
  }
  return `${out}…`;
}
