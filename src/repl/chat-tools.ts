import { redact } from '../ground/redact.js';
import type { Message, ToolCall, ToolSpec } from '../ground/types.js';
import { checkArguments } from '../tools/check-arguments.js';
import { openToolbox, type Toolbox, type ToolboxOptions } from '../tools/toolbox.js';
import { boundResult } from '../tools/tool-types.js';
import type { ChatTools } from './chat-session.js';
import { sanitizeLabel } from '../ground/terminal-safe-text.js';
import { describeCall } from './render/transcript-tools.js';
import type { ReplIO } from './repl-io.js';

const NOT_APPROVED = 'the user did not approve this call';

/**
 * The tools of one chat: opened on first use, every call asked for in a picker (no, yes,
 * always; no by default) unless approved ahead, each call one dimmed line; a scripted chat runs
 * nothing unapproved. `/tools on|off NAME` changes what is offered from the next message on.
 */
export function chatTools(options: ToolboxOptions & { approve: readonly string[]; maxSteps: number; toolTimeoutMs: number }): ChatTools {
  let toolbox: Promise<Toolbox> | undefined;
  const off = new Set<string>();
  const always = new Set(options.approve);
  const open = () => (toolbox ??= openToolbox(options));
  const approvedAhead = (name: string) => always.has('all') || always.has(name) || always.has(name.split('__')[0]);
  const shown = (call: ToolCall) => describeCall(call.name, call.arguments);

  async function decide(call: ToolCall, io: ReplIO): Promise<boolean> {
    if (approvedAhead(call.name)) return true;
    if (!io.interactive || !io.select) return false;
    const answer = await io.select(`run ${shown(call)}?`, ['no', 'yes', 'always'], 'no');
    if (answer === 'always') always.add(call.name);
    return answer === 'yes' || answer === 'always';
  }

  return {
    maxSteps: options.maxSteps,
    specs: async () => (await open()).tools.filter((t) => !off.has(t.spec.name) && !off.has(t.source)).map((t): ToolSpec => t.spec),
    async run(calls, io, signal) {
      const box = await open();
      const results: Message[] = [];
      for (const call of calls) {
        let result: string;
        const tool = box.find(call.name);
        const checked = tool ? checkArguments(tool.spec, call.arguments) : undefined;
        if (!tool) result = `error: there is no tool named ${call.name}`;
        else if (checked && 'error' in checked) result = `error: ${checked.error}`;
        else if (signal.aborted || !(await decide(call, io))) result = NOT_APPROVED;
        else {
          const timeout = AbortSignal.timeout(options.toolTimeoutMs);
          try {
            result = boundResult(redact(await tool.run((checked as { args: Record<string, unknown> }).args, AbortSignal.any([signal, timeout]))));
          } catch (error) {
            result = `error: ${redact(timeout.aborted ? `no result within ${options.toolTimeoutMs / 1000}s (--tool-timeout)` : (error as Error).message)}`;
          }
        }
        io.err(`${io.errColors.dim(`⏺ ${shown(call)} → ${result === NOT_APPROVED || result.startsWith('error: ') ? sanitizeLabel(result.slice(0, 200)) : `${Buffer.byteLength(result)} bytes`}`)}\n`);
        results.push({ role: 'tool', content: result, toolCallId: call.id, toolName: call.name });
      }
      return results;
    },
    async command(args) {
      const [verb, name] = args.trim().split(/\s+/);
      const box = await open();
      if (verb === 'on' || verb === 'off') {
        if (!name || !box.tools.some((t) => t.spec.name === name || t.source === name)) return `no tool or server named ${name ?? '(none)'}; /tools lists them`;
        if (verb === 'off') off.add(name);
        else off.delete(name);
        return `${name} is ${verb}`;
      }
      return box.tools.map((t) => `${off.has(t.spec.name) || off.has(t.source) ? 'off' : 'on '} ${t.spec.name}`).join('\n') || 'no tools';
    },
  };
}
