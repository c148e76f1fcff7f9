import { describe, expect, it } from 'vitest';
import { runToolLoop } from '../../src/core/answer/tool-loop.js';
import { ToolTimeoutError } from '../../src/ground/errors.js';
import type { ToolCall } from '../../src/ground/types.js';
import { answerOfKey, ApprovalPolicy, type ApprovalAnswer } from '../../src/tools/approval.js';
import { NOT_APPROVED, runToolCall, type CallOutcome, type CallProgress } from '../../src/tools/run-tool-call.js';
import type { RunnableTool } from '../../src/tools/tool-types.js';

/** An in-memory tool: records each run; `body` decides what it does. */
function fakeTool(name: string, body: (signal: AbortSignal, report?: (p: CallProgress) => void) => Promise<string> = async () => 'done'): RunnableTool & { runs: number } {
  const tool = {
    runs: 0,
    spec: { name, description: '', parameters: { type: 'object', properties: { command: { type: 'string' } } } },
    source: 'built-in',
    run: async (_args: Record<string, unknown>, signal: AbortSignal, options?: { onProgress?: (p: CallProgress) => void }) => {
      tool.runs += 1;
      return body(signal, options?.onProgress);
    },
  };
  return tool;
}

const toolbox = (...tools: RunnableTool[]) => ({ tools, find: (name: string) => tools.find((t) => t.spec.name === name) });
const call = (name = 'run_command', args = '{"command":"touch x"}'): ToolCall => ({ id: 'c1', name, arguments: args });
/** A person who answers each question with the next key. */
const keys = (...pressed: string[]) => {
  const asked: string[] = [];
  return { asked, ask: async (shown: string): Promise<ApprovalAnswer> => (asked.push(shown), answerOfKey(pressed.shift() ?? '\r')) };
};

describe('the keys of the approval question', () => {
  it('only y and a approve; Enter, space, n and every other key mean no; Ctrl-C stops', () => {
    expect(answerOfKey('y')).toBe('yes');
    expect(answerOfKey('Y')).toBe('yes');
    expect(answerOfKey('a')).toBe('always');
    expect(answerOfKey('\x03')).toBe('interrupted');
    for (const key of ['\r', '\n', ' ', 'n', 'N', 'e', '\x1b', '\x1b[B', '1', '']) expect(answerOfKey(key), JSON.stringify(key)).toBe('no');
  });
});

describe('runToolCall: one runner for ask and chat', () => {
  it('Enter at the question runs nothing: the model is told it was not approved', async () => {
    const tool = fakeTool('run_command');
    const person = keys('\r');
    const outcome = await runToolCall(call(), { toolbox: toolbox(tool), policy: new ApprovalPolicy([], person), timeoutMs: 5000, signal: new AbortController().signal });
    expect(tool.runs).toBe(0);
    expect(outcome).toEqual({ result: NOT_APPROVED, approved: false, status: 'denied' });
    expect(person.asked).toEqual(['run_command $ touch x']);
  });

  it('y runs once; a runs it and every later call of that tool without asking', async () => {
    const tool = fakeTool('run_command');
    const person = keys('y', 'a');
    const ctx = { toolbox: toolbox(tool), policy: new ApprovalPolicy([], person), timeoutMs: 5000, signal: new AbortController().signal };
    for (let i = 0; i < 4; i++) expect((await runToolCall(call(), ctx)).status).toBe('ran');
    expect(tool.runs).toBe(4);
    expect(person.asked.length).toBe(2);
  });

  it('without a terminal nothing unapproved runs, and the outcome says why', async () => {
    const tool = fakeTool('files__read');
    const outcome = await runToolCall(call('files__read', '{}'), { toolbox: toolbox(tool), policy: new ApprovalPolicy([]), timeoutMs: 5000, signal: new AbortController().signal });
    expect(tool.runs).toBe(0);
    expect(outcome.status).toBe('no-terminal');
    expect(outcome.result).toBe(NOT_APPROVED);
    const ahead = await runToolCall(call('files__read', '{}'), { toolbox: toolbox(tool), policy: new ApprovalPolicy(['files']), timeoutMs: 5000, signal: new AbortController().signal });
    expect(ahead.status).toBe('ran');
  });

  it('a call is shown before it runs, its progress reported, and its end', async () => {
    const seen: string[] = [];
    const progress: CallProgress[] = [];
    const tool = fakeTool('run_command', async (_signal, report) => {
      seen.push('run');
      report?.({ progress: 1, total: 4, message: 'a quarter' });
      return 'ok';
    });
    const watcher = { running: (_c: ToolCall, shown: string) => seen.push(`running ${shown}`), progress: (p: CallProgress) => seen.push(`progress ${p.progress}/${p.total}`), done: (_c: ToolCall, o: CallOutcome) => seen.push(`done ${o.status}`) };
    await runToolCall(call(), { toolbox: toolbox(tool), policy: new ApprovalPolicy(['all']), timeoutMs: 5000, signal: new AbortController().signal, watcher, onProgress: (p) => progress.push(p) });
    expect(seen).toEqual(['running run_command $ touch x', 'run', 'progress 1/4', 'done ran']);
    expect(progress).toEqual([{ progress: 1, total: 4, message: 'a quarter' }]);
  });

  it('a stop by the user ends the call as interrupted; its bound ends it as timed out', async () => {
    const waitForAbort = (signal: AbortSignal) => new Promise<string>((_resolve, reject) => (signal.aborted ? reject(signal.reason) : signal.addEventListener('abort', () => reject(signal.reason))));
    const user = new AbortController();
    const running = runToolCall(call(), { toolbox: toolbox(fakeTool('run_command', waitForAbort)), policy: new ApprovalPolicy(['all']), timeoutMs: 60_000, signal: user.signal, watcher: { running: () => user.abort(), done: () => {} } });
    expect((await running).status).toBe('interrupted');
    const timed = await runToolCall(call(), { toolbox: toolbox(fakeTool('run_command', waitForAbort)), policy: new ApprovalPolicy(['all']), timeoutMs: 10, signal: new AbortController().signal });
    expect(timed.status).toBe('timed-out');
    expect(timed.result).toBe(`error: ${new ToolTimeoutError(10).message}`);
  });

  it('an unknown tool and bad arguments are results, never asked about', async () => {
    const person = keys('y');
    const ctx = { toolbox: toolbox(fakeTool('run_command')), policy: new ApprovalPolicy([], person), timeoutMs: 5000, signal: new AbortController().signal };
    expect((await runToolCall(call('nosuch'), ctx)).status).toBe('unknown-tool');
    expect((await runToolCall(call('run_command', '{"command":'), ctx)).status).toBe('bad-arguments');
    expect(person.asked).toEqual([]);
  });
});

describe('the tool loop', () => {
  const asks = (messages: unknown, step: number) => Promise.resolve({ text: '', toolCalls: [{ id: `c${step}`, name: 't', arguments: '{}' }], stopped: false });

  it('--max-steps N runs the calls of N model turns, then stops as exhausted', async () => {
    let runs = 0;
    const loop = await runToolLoop([], 3, asks, async () => (runs++, { result: 'r', approved: true }));
    expect(runs).toBe(3);
    expect(loop.steps).toBe(4);
    expect(loop.exhausted).toBe(true);
  });

  it('a call stopped by the user ends the loop without asking the model again', async () => {
    let turns = 0;
    const loop = await runToolLoop([], 10, (m, s) => (turns++, asks(m, s)), async () => ({ result: 'stopped', approved: true, stop: true }));
    expect(turns).toBe(1);
    expect(loop.interrupted).toBe(true);
    expect(loop.exhausted).toBe(false);
  });
});
