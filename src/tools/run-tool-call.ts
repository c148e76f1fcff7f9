import { G4fError, ToolTimeoutError, type Remedy } from '../ground/errors.js';
import { redact } from '../ground/redact.js';
import type { ImageInput, ToolCall } from '../ground/types.js';
import type { ApprovalPolicy } from './approval.js';
import { describeCall, type DisplayOptions } from './call-display.js';
import { checkArguments } from './check-arguments.js';
import { boundResult, type RunnableTool } from './tool-types.js';

/** How far a running call has got, when its server says (MCP `notifications/progress`). */
export interface CallProgress {
  progress?: number;
  total?: number;
  message?: string;
}

/** What the model reads for a call the user did not approve (or could not be asked about). */
export const NOT_APPROVED = 'the user did not approve this call';

/** How a call ended, as a fact the caller words: the model reads `result` whatever it is. */
export type CallStatus = 'ran' | 'failed' | 'timed-out' | 'denied' | 'no-terminal' | 'interrupted' | 'unknown-tool' | 'bad-arguments';

export interface CallOutcome {
  result: string;
  /** It ran (or started to): the user, or a --approve, said yes. */
  approved: boolean;
  status: CallStatus;
  /** Images a tool gave back, for a model that takes them. */
  images?: ImageInput[];
  /** One labelled line per image or audio block, for the screen. */
  media?: string[];
  /** A failure's fix naming one of our commands, for the screen (a server that needs a sign-in). */
  remedy?: Remedy;
}

/** The screen's side of a call: its line while it runs and when it ends (in cli/ or repl/). */
export interface CallWatcher {
  /** Approved, about to run: `shown` is the call as the approval prompt showed it. */
  running?(call: ToolCall, shown: string): void;
  /** The server said how far it got. */
  progress?(progress: CallProgress): void;
  /** Every call ends here once, run or not. */
  done(call: ToolCall, outcome: CallOutcome, shown: string): void;
}

export interface ToolRunner {
  find(name: string): RunnableTool | undefined;
  tools: readonly RunnableTool[];
}

export interface RunCallContext {
  toolbox: ToolRunner;
  policy: ApprovalPolicy;
  timeoutMs: number;
  /** The turn's signal: the user's Ctrl-C stops the call and the turn. */
  signal: AbortSignal;
  watcher?: CallWatcher;
  display?: DisplayOptions;
  /** Progress of the running call, besides the watcher's line. */
  onProgress?(progress: CallProgress): void;
}

/**
 * One call, the same in `ask` and chat: known, well-formed, approved, then run within
 * --tool-timeout; every failure is a result the model reads, and only a stop by the user
 * (status `interrupted`) ends the turn.
 */
export async function runToolCall(call: ToolCall, ctx: RunCallContext): Promise<CallOutcome> {
  // A path shown as the real path it resolves to, by the tool that will follow it.
  const realPath = (tool: string, path: string) => ctx.toolbox.find(tool)?.realPath?.(call.arguments) ?? ctx.display?.realPath?.(tool, path);
  const shown = describeCall(call.name, call.arguments, { ...ctx.display, realPath });
  const outcome = await decideAndRun(call, shown, ctx);
  ctx.watcher?.done(call, outcome, shown);
  return outcome;
}

async function decideAndRun(call: ToolCall, shown: string, ctx: RunCallContext): Promise<CallOutcome> {
  const tool = ctx.toolbox.find(call.name);
  if (!tool) {
    return { result: `error: there is no tool named ${call.name}; the tools are ${ctx.toolbox.tools.map((t) => t.spec.name).join(', ')}`, approved: false, status: 'unknown-tool' };
  }
  const checked = checkArguments(tool.spec, call.arguments);
  if ('error' in checked) return { result: `error: ${checked.error}`, approved: false, status: 'bad-arguments' };
  if (ctx.signal.aborted) return { result: NOT_APPROVED, approved: false, status: 'interrupted' };
  const verdict = await ctx.policy.decide(call.name, shown);
  if (!verdict.run) return { result: NOT_APPROVED, approved: false, status: verdict.why === 'interrupted' ? 'interrupted' : verdict.why };
  if (ctx.signal.aborted) return { result: NOT_APPROVED, approved: false, status: 'interrupted' };
  ctx.watcher?.running?.(call, shown);
  return runWithin(tool, checked.args, ctx, !verdict.ahead);
}

async function runWithin(tool: RunnableTool, args: Record<string, unknown>, ctx: RunCallContext, askedAndApproved: boolean): Promise<CallOutcome> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new ToolTimeoutError(ctx.timeoutMs)), ctx.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout.signal]);
  const onProgress = (progress: CallProgress) => {
    ctx.watcher?.progress?.(progress);
    ctx.onProgress?.(progress);
  };
  let images: ImageInput[] | undefined;
  let media: string[] | undefined;
  const onImages = (found: ImageInput[], labels: string[]) => {
    images = [...(images ?? []), ...found];
    media = [...(media ?? []), ...labels];
  };
  try {
    const text = await tool.run(args, signal, { onProgress, onImages, askedAndApproved });
    if (ctx.signal.aborted) return { result: 'error: stopped by the user', approved: true, status: 'interrupted' };
    // What a tool sends back is untrusted: known secrets are redacted before the model or history sees it.
    return { result: boundResult(redact(text)), approved: true, status: 'ran', ...(images?.length ? { images } : {}), ...(media?.length ? { media } : {}) };
  } catch (error) {
    if (ctx.signal.aborted) return { result: 'error: stopped by the user', approved: true, status: 'interrupted' };
    if (timeout.signal.aborted) return { result: `error: ${(timeout.signal.reason as Error).message}`, approved: true, status: 'timed-out' };
    const remedy = error instanceof G4fError && error.remedy?.type === 'mcp-login' ? { remedy: error.remedy } : {};
    return { result: `error: ${redact(error instanceof Error ? error.message : String(error))}`, approved: true, status: 'failed', ...remedy };
  } finally {
    clearTimeout(timer);
  }
}
