import { MAX_KEPT_TEXT, type AnswerResult } from '../../core/answer/answer.js';
import { UsageError, type G4fError } from '../../ground/errors.js';
import type { Plan } from '../../core/routing/plan-chain.js';
import type { ChatRequest } from '../../ground/types.js';
import { AnswerWriter } from '../../repl/render/answer-writer.js';
import { answerOnce, type AnswerSink } from '../answer-once.js';
import { askPictures, keepAnswerPictures } from '../ask-pictures.js';
import { colorsFor } from '../colors.js';
import { EXIT } from '../exit-codes.js';
import { printNotice, printWarning } from '../messages.js';
import { planFromSettings } from '../plan-from-settings.js';
import { trackHealth, type HealthTracker } from '../provider-health.js';
import { reportError } from '../report-error.js';
import { loadAppContext, resolveSettings, type AppContext, type ChatFlags, type Settings } from '../settings.js';
import { warnInsecureKeyTransport } from '../transport-warnings.js';
import { writeJson } from '../write-json.js';
import { loadHttpClientEarly } from '../../stream/http.js';
import { keepYoungGenerationSmall } from '../../ground/short-lived-heap.js';
import type { ToolFlags } from '../ask-tools.js';
import { readQuestion, type AskedQuestion } from '../ask-question.js';
import { roleFor } from '../user-input.js';

export interface AskFlags extends ChatFlags, ToolFlags {
  json?: boolean;
  /** False with --no-stdin. */
  stdin?: boolean;
  /** --shell: one command for this shell, shown, run only after `e`. */
  shell?: boolean;
  /** --shell-yes: run the command without asking. */
  shellYes?: boolean;
  /** --yes: refused with --shell (running commands unasked must be spelled out). */
  yes?: boolean;
  /** --code: only code, fences stripped. */
  code?: boolean;
  /** --mcp-prompt SERVER:PROMPT: its messages go before the prompt. */
  mcpPrompt?: string;
  /** --arg NAME=VALUE: the MCP prompt's arguments. */
  arg?: string[];
}

/** `g4f-chat ask`: one question, the answer streamed to stdout. Returns the exit code. */
export async function runAsk(words: string[], flags: AskFlags): Promise<number> {
  const shellMode = Boolean(flags.shell || flags.shellYes);
  checkModes(flags, shellMode);
  loadHttpClientEarly();
  keepYoungGenerationSmall();
  const app = await loadAppContext();
  const role = await roleFor(flags.role ?? (shellMode ? 'shell' : flags.code ? 'code' : undefined), app);
  const settings = resolveSettings(flags, app, role);
  const question = await readQuestion(words, flags, settings, app);

  const health = await trackHealth(app, (message) => settings.verbose && printNotice(message));
  const plan = await planFromSettings(settings, app, { onWarning: printWarning, orderGroup: health.orderGroup });
  if (settings.verbose) for (const skipped of plan.skipped) printNotice(`skipped ${skipped.provider}: ${skipped.reason}`);
  warnInsecureKeyTransport(plan.links, printWarning);
  const request: ChatRequest = { messages: question.messages, model: settings.model, temperature: settings.temperature, maxTokens: settings.maxTokens, stream: settings.stream };

  if (shellMode) {
    const { runShellMode } = await import('./ask-shell.js');
    const { conversation, user } = question;
    return runShellMode({ links: plan.links, request, settings, skipped: plan.skipped, record: health.record, runUnasked: Boolean(flags.shellYes), conversation, user });
  }
  const asked: Asked = { plan, request, settings, app, flags, health, question, json: flags.json ?? false };
  if (flags.tools || flags.tool?.length || app.config.tools) {
    const tools = await import('../ask-tools.js');
    if (tools.toolSelection(flags, app).length > 0) return answerWithTools(tools, asked);
  }
  return answer(asked);
}

/** One `ask` as planned: the chain, the request, and what the answer is written for. */
interface Asked {
  plan: Plan;
  request: ChatRequest;
  settings: Settings;
  app: AppContext;
  flags: AskFlags;
  health: HealthTracker;
  question: AskedQuestion;
  json: boolean;
}

/** With tools: the model's calls approved and run between its turns (ask-tools.ts). */
async function answerWithTools(tools: typeof import('../ask-tools.js'), { plan, request, settings, app, flags, health, question, json }: Asked): Promise<number> {
  const pictures = askPictures(app, { show: flags.show, json });
  const { exit, result, failure, loop, imageFiles } = await tools.answerWithTools(plan.links, request, settings, app, flags, { spinner: Boolean(process.stdout.isTTY) && !json, record: health.record, onHealed: health.onHealed, json, pictures });
  if (json) writeJson({ ...jsonResult(result, failure), toolCalls: tools.toolCallsJson(loop.calls), ...(imageFiles.length > 0 ? { images: imageFiles } : {}) });
  if (failure) {
    const code = reportError(failure, settings.verbose);
    return exit ?? code;
  }
  if (exit !== undefined) return exit;
  const assistant = { role: 'assistant' as const, content: result.text || result.refusal, ...(imageFiles.length > 0 ? { imageFiles } : {}) };
  await question.conversation?.append({ user: question.user, toolTurns: loop.added, assistant, provider: result.provider, model: result.model, usage: result.usage }, question.turn.system);
  return EXIT.ok;
}

/** The answer streamed to stdout (styled on a terminal, byte for byte in a pipe), or as JSON. */
async function answer({ plan, request, settings, app, flags, health, question, json }: Asked): Promise<number> {
  const terminal = Boolean(process.stdout.isTTY);
  const colors = colorsFor(process.stdout);
  // The renderer is loaded only for a terminal (a pipe gets the text byte for byte), once the
  // first words are written. Code is never styled.
  const loadRenderer = terminal && settings.markdown && !json && !flags.code ? () => terminalRendererFor(colors) : undefined;
  const writer = json ? undefined : new AnswerWriter({ out: process.stdout, terminal, colors, loadRenderer });
  const codeOnly = flags.code && writer ? await codeFilter(writer) : undefined;
  // A spinner only when the answer goes to the terminal too: `ask … | less` must stay clean.
  const { result, failure, signalled } = await answerOnce(plan.links, request, settings, {
    writer: codeOnly ?? writer,
    spinner: terminal && !json,
    // Nobody reads the text afterwards without --json or history: keep none of it.
    keepText: json || question.conversation ? MAX_KEPT_TEXT : 0,
    record: health.record,
    onHealed: health.onHealed,
  }, plan.skipped);
  if (signalled !== undefined) {
    if (json) writeJson(jsonResult(result, failure));
    return signalled;
  }
  // Pictures after the text: drawn on a terminal, saved either way, each path said on stderr.
  const imageFiles = result.images.length > 0 ? await keepAnswerPictures(result, askPictures(app, { show: flags.show, json })) : [];
  if (json) writeJson({ ...jsonResult(result, failure), ...(imageFiles.length > 0 ? { images: imageFiles } : {}) });
  if (failure) return reportError(failure, settings.verbose);
  warnAboutAnswer(result, json);
  const assistant = { role: 'assistant' as const, content: result.text || result.refusal, ...(imageFiles.length > 0 ? { imageFiles } : {}) };
  await question.conversation?.append({ user: question.user, assistant, provider: result.provider, model: result.model, usage: result.usage }, question.turn.system);
  return EXIT.ok;
}

/** What the user should know of an answer that arrived: cut short, at the token limit, empty. */
function warnAboutAnswer(result: AnswerResult, json: boolean): void {
  if (result.textCapped) printWarning(`the answer is longer than ${MAX_KEPT_TEXT / 1024 / 1024} MiB: it was all written, but --json and history keep only its first ${MAX_KEPT_TEXT / 1024 / 1024} MiB`);
  if (result.finishReason === 'length') printWarning('the answer stopped at the token limit (--max-tokens)');
  if (result.textLength === 0 && !result.refusal && result.images.length === 0 && !json) printWarning(`${result.provider ?? 'the provider'} sent an empty answer`);
}

/** Modes that cannot go together are refused before anything is read or sent. */
function checkModes(flags: AskFlags, shellMode: boolean): void {
  if (shellMode && flags.yes && !flags.shellYes) throw new UsageError('--yes does not run shell commands', 'to run the suggested command without being asked, spell out --shell-yes');
  if (shellMode && flags.code) throw new UsageError('--shell and --code cannot go together');
  if (shellMode && flags.json) throw new UsageError('--shell and --json cannot go together', 'for the command alone in a script: g4f-chat ask --shell "…" | cat');
}

/** The writer behind a filter that drops code fences, for --code. */
async function codeFilter(writer: AnswerWriter): Promise<AnswerSink> {
  const { CodeFenceStripper } = await import('../../core/parts/code-fence-stripper.js');
  const stripper = new CodeFenceStripper();
  return {
    text: (text) => writer.text(stripper.push(text)),
    reasoning: (text) => writer.reasoning(text),
    ready: () => writer.ready(),
    end: () => {
      writer.text(stripper.end());
      return writer.end();
    },
  };
}

async function terminalRendererFor(colors: ReturnType<typeof colorsFor>) {
  const { terminalRenderer } = await import('../../repl/render/terminal-renderer.js');
  return terminalRenderer(colors);
}

function jsonResult(result: AnswerResult, failure: G4fError | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    text: result.text,
    provider: result.provider ?? null,
    model: result.model ?? null,
    ...(result.upstream ? { route: result.upstream } : {}),
    finishReason: result.finishReason ?? null,
    usage: result.usage ?? null,
  };
  if (result.reasoning) out.reasoning = result.reasoning;
  if (result.refusal) out.refusal = result.refusal;
  out.attempts = result.attempts;
  if (failure) out.error = { code: failure.code, message: failure.message };
  return out;
}
