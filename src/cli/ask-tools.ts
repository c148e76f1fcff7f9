import { join } from 'node:path';
import type { AnswerResult } from '../core/answer/answer.js';
import type { ChainLink } from '../core/chain/chain.js';
import { chainTakesImages, runToolLoop, type ExecutedCall, type ToolCallRecord, type ToolLoop } from '../core/answer/tool-loop.js';
import { UsageError, type G4fError } from '../ground/errors.js';
import type { ChatRequest, ImageFile, ToolCall } from '../ground/types.js';
import { AnswerWriter } from '../repl/render/answer-writer.js';
import { loadMcpServers, type McpServers } from '../tools/mcp-config.js';
import { ApprovalPolicy } from '../tools/approval.js';
import { openToolbox } from '../tools/toolbox.js';
import { runToolCall, type RunCallContext } from '../tools/run-tool-call.js';
import { terminalApproval } from '../repl/approval-prompt.js';
import { callLine } from '../repl/render/call-line.js';
import type { PictureKeeper } from '../repl/render/keep-picture.js';
import { keepAnswerPictures } from './ask-pictures.js';
import { readKey } from './read-key.js';
import { answerOnce, type AnswerOnceOptions } from './answer-once.js';
import { colorsFor } from './colors.js';
import { EXIT } from './exit-codes.js';
import type { AppContext, Settings } from './settings.js';
import { terminalMcpHost } from './mcp-terminal-host.js';
import { atTerminal, terminalSignIn } from './mcp-sign-in.js';

export interface ToolFlags {
  tool?: string[];
  tools?: boolean;
  approve?: string[];
  /** `--root DIR`: folders the file tools may read besides the working folder. */
  root?: string[];
  maxSteps?: number;
  toolTimeout?: number;
  mcpConfig?: string;
}

/** The tools asked for: `--tools` (all), `-T` names, else `config set tools …`; none means a plain answer. */
export function toolSelection(flags: ToolFlags, app: AppContext): string[] {
  if (flags.tools) return ['all'];
  if (flags.tool?.length) return flags.tool.flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  return (app.config.tools ?? '').split(',').map((t) => t.trim()).filter(Boolean);
}

/** `<config>/mcp.json`, and a file named with --mcp-config for this run (a project's `.mcp.json` only when named). */
export async function mcpServers(app: AppContext, extra?: string): Promise<McpServers> {
  const own = await loadMcpServers(join(app.paths.config, 'mcp.json'));
  return extra ? { ...own, ...(await loadMcpServers(extra, true)) } : own;
}

export interface ToolAnswer {
  exit?: number;
  result: AnswerResult;
  failure?: G4fError;
  loop: ToolLoop;
  /** Pictures of the final answer, kept as files. */
  imageFiles: ImageFile[];
}

/**
 * `ask` with tools: the step loop over answerOnce. On a terminal each step streams; in a pipe
 * stdout gets only the final answer's text, and the one-line record of each call goes to stderr.
 * Ctrl-C during a call stops it and the run (exit 130) without asking the model again.
 */
export async function answerWithTools(
  links: readonly ChainLink[],
  request: ChatRequest,
  settings: Settings,
  app: AppContext,
  flags: ToolFlags,
  once: Omit<AnswerOnceOptions, 'writer' | 'keepText'> & { json: boolean; pictures: PictureKeeper },
): Promise<ToolAnswer> {
  const terminal = Boolean(process.stdout.isTTY) && !once.json;
  const timeoutMs = (flags.toolTimeout ?? 60) * 1000;
  const maxSteps = flags.maxSteps ?? 10;
  const toolbox = await openToolbox({
    selection: toolSelection(flags, app),
    servers: await mcpServers(app, flags.mcpConfig),
    stateDir: app.paths.state,
    builtin: { cwd: process.cwd(), roots: flags.root ?? [], timeoutMs, proxy: settings.proxy, shell: process.env.SHELL || '/bin/sh' },
    signIn: terminalSignIn(app, { canSignIn: atTerminal() }),
    host: terminalMcpHost({
      roots: flags.root ?? [],
      approve: flags.approve ?? [],
      interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
      hold: () => watcher.hold(),
      // A server's sampling request is answered by this run's own chain, without tools.
      answer: async (messages) => {
        const sampled = await answerOnce(links, { ...request, messages, tools: undefined }, settings, { spinner: false, keepText: 1024 * 1024, record: once.record });
        if (sampled.failure) throw sampled.failure;
        return { text: sampled.result.text, model: sampled.result.model ?? 'unknown' };
      },
    }),
  });
  if (toolbox.tools.length === 0) throw new UsageError('no tools were found for -T', 'g4f-chat mcp tools lists what each server offers');
  const canAsk = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const errColors = colorsFor(process.stderr);
  const write = (text: string) => void process.stderr.write(text);
  const policy = new ApprovalPolicy(flags.approve ?? [], canAsk ? terminalApproval({ write, readKey: () => readKey(), colors: errColors }) : undefined);
  const watcher = callLine({ write, colors: errColors, live: Boolean(process.stderr.isTTY), columns: () => process.stderr.columns || 80 });
  let last: { result: AnswerResult; failure?: G4fError; signalled?: number } | undefined;
  let lastFiles: ImageFile[] = [];
  const { pictures, ...answerOptions } = once;
  try {
    const loop = await runToolLoop(
      request.messages,
      maxSteps,
      async (messages) => {
        const writer = terminal ? new AnswerWriter({ out: process.stdout, terminal: true, colors: colorsFor(process.stdout) }) : undefined;
        last = await answerOnce(links, { ...request, messages: [...messages], tools: toolbox.tools.map((t) => t.spec) }, settings, { ...answerOptions, writer, keepText: 8 * 1024 * 1024 });
        lastFiles = last.signalled === undefined ? await keepAnswerPictures(last.result, pictures) : [];
        return { text: last.result.text, reasoning: last.result.reasoning, toolCalls: last.result.toolCalls, stopped: Boolean(last.failure || last.signalled !== undefined), imageFiles: lastFiles };
      },
      (call) => runOneCall(call, { toolbox, policy, timeoutMs, watcher }, pictures),
      chainTakesImages(links.map((l) => l.provider)),
    );
    const done = last!;
    if (loop.interrupted) return { exit: EXIT.interrupted, result: done.result, loop, imageFiles: lastFiles };
    if (!terminal && !once.json && !done.failure && done.result.text) process.stdout.write(done.result.text.endsWith('\n') ? done.result.text : `${done.result.text}\n`);
    if (loop.exhausted) {
      return { exit: EXIT.failed, result: done.result, loop, imageFiles: lastFiles, failure: new UsageError(`stopped: the model still asked for tools after ${maxSteps} turns whose calls ran (--max-steps ${maxSteps})`, 'raise --max-steps, or ask for less at once') };
    }
    return { exit: done.signalled, result: done.result, failure: done.failure, loop, imageFiles: lastFiles };
  } finally {
    await toolbox.close();
  }
}

/**
 * One call through the shared runner; Ctrl-C (SIGINT, or the key at the prompt) stops it and the
 * run. Images it returned are drawn (on a terminal) and saved as soon as its line is done.
 */
async function runOneCall(call: ToolCall, ctx: Omit<RunCallContext, 'signal'>, pictures: PictureKeeper): Promise<ExecutedCall> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let outcome;
  try {
    outcome = await runToolCall(call, { ...ctx, signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
  }
  const imageFiles: ImageFile[] = [];
  for (const image of outcome.status === 'interrupted' ? [] : (outcome.images ?? [])) {
    const file = await pictures({ mime: image.mediaType, data: image.data }, call.name);
    if (file) imageFiles.push(file);
  }
  return { result: outcome.result, approved: outcome.approved, stop: outcome.status === 'interrupted', images: outcome.images, ...(imageFiles.length > 0 ? { imageFiles } : {}) };
}

/** `toolCalls` in --json: what was asked, what came back, whether it ran. */
export function toolCallsJson(calls: readonly ToolCallRecord[]): Array<Record<string, unknown>> {
  return calls.map((c) => ({ name: c.name, arguments: c.arguments, result: c.result, approved: c.approved }));
}
