import { MAX_KEPT_TEXT, emptyAnswer, streamAnswer, type AnswerResult } from '../../core/answer.js';
import { retryMessage } from '../../core/chain.js';
import { G4fError, UsageError, toG4fError } from '../../core/errors.js';
import type { Message, Upstream } from '../../core/types.js';
import { AnswerWriter } from '../../repl/render/answer-writer.js';
import { colorsFor } from '../colors.js';
import { EXIT } from '../exit-codes.js';
import { printNotice, printWarning } from '../messages.js';
import { planFromSettings } from '../plan-from-settings.js';
import { trackHealth } from '../provider-health.js';
import { watchRunSignals } from '../process-signals.js';
import { combinePrompt, readPipedStdin } from '../read-stdin.js';
import { reportError } from '../report-error.js';
import { loadAppContext, resolveSettings, type ChatFlags } from '../settings.js';
import { startSpinner } from '../spinner.js';
import { warnInsecureKeyTransport } from '../transport-warnings.js';
import { openConversation } from '../conversation-setup.js';
import { trimToContext } from '../../core/trim-context.js';
import { writeJson } from '../write-json.js';

export interface AskFlags extends ChatFlags {
  json?: boolean;
  /** False with --no-stdin. */
  stdin?: boolean;
  maxInput?: number;
}

/** `g4f-chat ask`: one question, the answer streamed to stdout. Returns the exit code. */
export async function runAsk(words: string[], flags: AskFlags): Promise<number> {
  const app = await loadAppContext();
  const settings = resolveSettings(flags, app);
  const piped = flags.stdin === false ? undefined : await readPipedStdin(flags.maxInput);
  const prompt = combinePrompt(piped, words);
  if (!prompt) throw new UsageError('no prompt: give it as arguments or pipe it on stdin', 'g4f-chat ask "Why is the sky blue?"');

  const conversation = await openConversation(flags, settings, app);
  // A conversation is titled by the question asked, not by text piped in with it.
  conversation?.setTitle(words.join(' ').trim() || prompt);
  const turn = { system: settings.system };
  const earlier = conversation?.restore(turn) ?? [];
  const user: Message = { role: 'user', content: prompt };
  const trimmed = trimToContext([...(turn.system ? [{ role: 'system' as const, content: turn.system }] : []), ...earlier, user]);
  if (trimmed.dropped > 0) printNotice(`(left out ${trimmed.dropped} older messages to fit the model's context)`);
  const messages = trimmed.messages;

  const notice = (message: string) => {
    if (settings.verbose) printNotice(message);
  };
  const health = await trackHealth(app, notice);
  const plan = await planFromSettings(settings, app, { onWarning: printWarning, orderGroup: health.orderGroup });
  for (const skipped of plan.skipped) notice(`skipped ${skipped.provider}: ${skipped.reason}`);
  warnInsecureKeyTransport(plan.links, printWarning);

  const terminal = Boolean(process.stdout.isTTY);
  const colors = colorsFor(process.stdout);
  // The renderer is loaded only for a terminal: a pipe gets the text byte for byte.
  const renderer = terminal && settings.markdown && !flags.json ? await loadRenderer(colors) : undefined;
  const writer = new AnswerWriter({ out: process.stdout, terminal, colors, renderer });
  const signals = watchRunSignals();
  const json = flags.json ?? false;
  // A spinner only when the answer goes to the terminal too: `ask … | less` must stay clean.
  const spinner = await startSpinner('thinking…', terminal && !json && !settings.quiet);
  /** Progress while nothing is shown yet: the spinner's words on a terminal, a stderr line otherwise. */
  const showProgress = (message: string) => {
    if (spinner.active) spinner.text(message);
    else if (!settings.quiet) printNotice(message);
  };
  const result: AnswerResult = emptyAnswer([...plan.skipped]);
  let failure: G4fError | undefined;
  try {
    await streamAnswer(
      plan.links,
      { messages, model: settings.model, temperature: settings.temperature, maxTokens: settings.maxTokens, stream: settings.stream },
      {
        signal: signals.controller.signal,
        timeoutMs: settings.timeoutMs,
        maxTimeMs: settings.maxTimeMs,
        retries: settings.retries,
        proxy: settings.proxy,
        allowPublic: settings.allowPublic,
        onNotice: notice,
        onRetry: (provider, reason, seconds) => showProgress(retryMessage(provider, reason, seconds)),
        onFallback: (message) => {
          spinner.stop();
          printNotice(message);
        },
        onMovingOn: (message) => {
          if (!settings.verbose) showProgress(message);
        },
      },
      {
        onStart: (provider, model, upstream) => notice(`${provider} · ${model}${describeUpstream(upstream)}`),
        onStatus: showProgress,
        onText: (text) => {
          spinner.stop();
          if (!json) writer.text(text);
        },
        onReasoning: (text) => {
          spinner.stop();
          if (!json) writer.reasoning(text);
        },
        ready: () => (json ? undefined : writer.ready()),
        // Nobody reads the text afterwards without --json or history: keep none of it.
        keepText: json || conversation ? MAX_KEPT_TEXT : 0,
        // A refusal is the answer the model gave: shown as text, reported apart in --json.
        onRefusal: (text) => {
          spinner.stop();
          if (!json) writer.text(text);
        },
      },
      result,
    );
  } catch (error) {
    failure = toG4fError(error);
  } finally {
    spinner.stop();
    signals.dispose();
  }
  await health.record(result.attempts);
  // After Ctrl-C the output may be a pipe nobody reads: its last write must not hold the exit.
  const interrupted = signals.exitCode() !== undefined;
  await (interrupted ? Promise.race([writer.end(), new Promise((resolve) => setTimeout(resolve, 200))]) : writer.end());
  if (json) writeJson(jsonResult(result, failure));
  const signalled = signals.exitCode();
  if (signalled !== undefined) return signalled;
  if (failure) return reportError(failure, settings.verbose);
  if (result.textCapped) printWarning(`the answer is longer than ${MAX_KEPT_TEXT / 1024 / 1024} MiB: it was all written, but --json and history keep only its first ${MAX_KEPT_TEXT / 1024 / 1024} MiB`);
  if (result.finishReason === 'length') printWarning('the answer stopped at the token limit (--max-tokens)');
  if (result.textLength === 0 && !result.refusal && !json) printWarning(`${result.provider ?? 'the provider'} sent an empty answer`);
  await conversation?.append({ user, assistant: { role: 'assistant', content: result.text || result.refusal }, provider: result.provider, model: result.model, usage: result.usage }, turn.system);
  return EXIT.ok;
}

/** ` (served by groq · llama-3.3-70b)` when a gateway names who really answered. */
export function describeUpstream(upstream: Upstream | undefined): string {
  if (!upstream) return '';
  return ` (served by ${[upstream.provider, upstream.model].filter(Boolean).join(' · ')})`;
}

async function loadRenderer(colors: ReturnType<typeof colorsFor>) {
  const { MarkdownRenderer } = await import('../../repl/render/markdown-renderer.js');
  const { usableColumns } = await import('../../repl/render/display-width.js');
  return new MarkdownRenderer(colors, () => usableColumns(process.stdout.columns));
}

function jsonResult(result: AnswerResult, failure: G4fError | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    text: result.text,
    provider: result.provider ?? null,
    model: result.model ?? null,
    ...(result.upstream ? { upstream: result.upstream } : {}),
    finishReason: result.finishReason ?? null,
    usage: result.usage ?? null,
  };
  if (result.reasoning) out.reasoning = result.reasoning;
  if (result.refusal) out.refusal = result.refusal;
  out.attempts = result.attempts;
  if (failure) out.error = { code: failure.code, message: failure.message };
  return out;
}
