import { join } from 'node:path';
import type { AnswerResult } from '../core/answer/answer.js';
import type { ChainLink } from '../core/chain/chain.js';
import { runToolLoop, type ToolCallRecord, type ToolLoop } from '../core/answer/tool-loop.js';
import { redact } from '../ground/redact.js';
import { UsageError, type G4fError } from '../ground/errors.js';
import type { ChatRequest, ToolCall } from '../ground/types.js';
import { AnswerWriter } from '../repl/render/answer-writer.js';
import { checkArguments } from '../tools/check-arguments.js';
import { loadMcpServers, type McpServers } from '../tools/mcp-config.js';
import { openToolbox, type Toolbox } from '../tools/toolbox.js';
import { boundResult } from '../tools/tool-types.js';
import { answerOnce, type AnswerOnceOptions } from './answer-once.js';
import { colorsFor } from './colors.js';
import { EXIT } from './exit-codes.js';
import { printNotice } from './messages.js';
import type { AppContext, Settings } from './settings.js';
import { ToolApproval } from './tool-approval.js';
import { describeCall } from '../repl/render/transcript-tools.js';
import { formatBytes } from '../input/text-bytes.js';

export interface ToolFlags {
  tool?: string[];
  tools?: boolean;
  approve?: string[];
  maxSteps?: number;
  toolTimeout?: number;
  mcpConfig?: string;
}

export const NOT_APPROVED = 'the user did not approve this call';

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
}

/**
 * `ask` with tools: the step loop over answerOnce. On a terminal each step streams; in a pipe
 * stdout gets only the final answer's text, and the one-line record of each call goes to stderr.
 */
export async function answerWithTools(
  links: readonly ChainLink[],
  request: ChatRequest,
  settings: Settings,
  app: AppContext,
  flags: ToolFlags,
  once: Omit<AnswerOnceOptions, 'writer' | 'keepText'> & { json: boolean },
): Promise<ToolAnswer> {
  const terminal = Boolean(process.stdout.isTTY) && !once.json;
  const toolbox = await openToolbox({
    selection: toolSelection(flags, app),
    servers: await mcpServers(app, flags.mcpConfig),
    stateDir: app.paths.state,
    builtin: { cwd: process.cwd(), timeoutMs: (flags.toolTimeout ?? 60) * 1000, proxy: settings.proxy, shell: process.env.SHELL || '/bin/sh' },
  });
  if (toolbox.tools.length === 0) throw new UsageError('no tools were found for -T', 'g4f-chat mcp tools lists what each server offers');
  const approval = new ToolApproval(flags.approve ?? [], Boolean(process.stdin.isTTY && process.stderr.isTTY));
  let last: { result: AnswerResult; failure?: G4fError; signalled?: number } | undefined;
  let interrupted = false;
  try {
    const loop = await runToolLoop(
      request.messages,
      flags.maxSteps ?? 10,
      async (messages) => {
        const writer = terminal ? new AnswerWriter({ out: process.stdout, terminal: true, colors: colorsFor(process.stdout) }) : undefined;
        last = await answerOnce(links, { ...request, messages: [...messages], tools: toolbox.tools.map((t) => t.spec) }, settings, { ...once, writer, keepText: 8 * 1024 * 1024 });
        return { text: last.result.text, reasoning: last.result.reasoning, toolCalls: last.result.toolCalls, stopped: Boolean(last.failure || last.signalled !== undefined) };
      },
      async (call) => {
        if (interrupted) return { result: 'the user stopped the run', approved: false };
        const outcome = await runCall(toolbox, approval, call, (flags.toolTimeout ?? 60) * 1000);
        if (outcome.interrupted) interrupted = true;
        printNotice(`⏺ ${describeCall(call.name, call.arguments)} → ${outcome.approved ? formatBytes(Buffer.byteLength(outcome.result)) : outcome.result}`);
        return outcome;
      },
    );
    const done = last!;
    if (!terminal && !once.json && !done.failure && done.result.text) process.stdout.write(done.result.text.endsWith('\n') ? done.result.text : `${done.result.text}\n`);
    if (interrupted) return { exit: EXIT.interrupted, result: done.result, loop };
    if (loop.exhausted) {
      return { exit: EXIT.failed, result: done.result, loop, failure: new UsageError(`stopped after ${loop.steps} steps: the model still asked for tools (--max-steps ${flags.maxSteps ?? 10})`, 'raise --max-steps, or ask for less at once') };
    }
    return { exit: done.signalled, result: done.result, failure: done.failure, loop };
  } finally {
    await toolbox.close();
  }
}

/** One call: known, well-formed, approved, run within its bound; every failure is a result the model reads. */
async function runCall(toolbox: Toolbox, approval: ToolApproval, call: ToolCall, timeoutMs: number): Promise<{ result: string; approved: boolean; interrupted?: boolean }> {
  const tool = toolbox.find(call.name);
  if (!tool) return { result: `error: there is no tool named ${call.name}; the tools are ${toolbox.tools.map((t) => t.spec.name).join(', ')}`, approved: false };
  const checked = checkArguments(tool.spec, call.arguments);
  if ('error' in checked) return { result: `error: ${checked.error}`, approved: false };
  const verdict = await approval.decide(call.name, call.arguments);
  if (verdict === 'interrupted') return { result: NOT_APPROVED, approved: false, interrupted: true };
  if (verdict === 'no') return { result: NOT_APPROVED, approved: false };
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  const timer = setTimeout(() => controller.abort(new Error(`no result within ${timeoutMs / 1000}s (--tool-timeout)`)), timeoutMs);
  try {
    // What a tool sends back is untrusted: known secrets are redacted before the model or history sees it.
    return { result: boundResult(redact(await tool.run(checked.args, controller.signal))), approved: true };
  } catch (error) {
    const reason = controller.signal.aborted && controller.signal.reason instanceof Error ? controller.signal.reason.message : (error as Error).message;
    return { result: `error: ${redact(reason)}`, approved: true, interrupted: controller.signal.aborted && !(controller.signal.reason instanceof Error && /tool-timeout/.test(controller.signal.reason.message)) };
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', stop);
  }
}

/** `toolCalls` in --json: what was asked, what came back, whether it ran. */
export function toolCallsJson(calls: readonly ToolCallRecord[]): Array<Record<string, unknown>> {
  return calls.map((c) => ({ name: c.name, arguments: c.arguments, result: c.result, approved: c.approved }));
}
