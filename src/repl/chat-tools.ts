import { AbortedError } from '../ground/errors.js';
import type { ImageFile, ImageInput, Message, ToolSpec } from '../ground/types.js';
import { toolImagesMessage } from '../core/answer/tool-loop.js';
import { ApprovalPolicy } from '../tools/approval.js';
import { runToolCall } from '../tools/run-tool-call.js';
import { openToolbox, type Toolbox, type ToolboxOptions } from '../tools/toolbox.js';
import { terminalApproval } from './approval-prompt.js';
import type { ChatTools } from './chat-session.js';
import { callLine, type CallLine } from './render/call-line.js';
import type { ReplIO } from './repl-io.js';

/**
 * The tools of one chat: opened on first use, every call asked for with the same question as
 * `ask` (`[y]es / [a]lways / [n]o`, no by default) unless approved ahead, each call one dimmed
 * line that counts its seconds while it runs; a scripted chat runs nothing unapproved.
 * `/tools on|off NAME` changes what is offered from the next message on.
 */
export function chatTools(
  options: ToolboxOptions & {
    approve: readonly string[];
    maxSteps: number;
    toolTimeoutMs: number;
    /** The chat's one toolbox, shared with its prompts and resources; opened here when absent. */
    open?: () => Promise<Toolbox>;
    /** The terminal of the turn whose calls run: a server's questions during a call are asked there. */
    onTurn?: (io: ReplIO, line: CallLine) => void;
  },
): ChatTools {
  let toolbox: Promise<Toolbox> | undefined;
  const off = new Set<string>();
  const open = options.open ?? (() => (toolbox ??= openToolbox(options)));
  // `[a]lways` holds for the whole chat: one policy, asked through whichever terminal the turn has.
  let asking: ReplIO | undefined;
  const prompt = terminalApproval({
    write: (text) => asking?.err(text),
    readKey: () => asking?.readKey?.() ?? Promise.resolve('n'),
    get colors() {
      return asking!.errColors;
    },
  });
  const policy = new ApprovalPolicy(options.approve, prompt);
  const noTerminal = new ApprovalPolicy(options.approve);

  return {
    maxSteps: options.maxSteps,
    specs: async () => (await open()).tools.filter((t) => !off.has(t.spec.name) && !off.has(t.source)).map((t): ToolSpec => t.spec),
    async run(calls, io, signal, takesImages) {
      const box = await open();
      asking = io;
      const canAsk = Boolean(io.interactive && io.readKey);
      const watcher = callLine({ write: (text) => io.err(text), colors: io.errColors, live: Boolean(io.interactive), columns: () => io.columns() });
      options.onTurn?.(io, watcher);
      const results: Message[] = [];
      const images: Array<{ name: string; images: ImageInput[] }> = [];
      for (const call of calls) {
        const outcome = await runToolCall(call, { toolbox: box, policy: canAsk ? policy : noTerminal, timeoutMs: options.toolTimeoutMs, signal, watcher });
        // A call the user stopped ends the turn: nothing of it joins the conversation.
        if (outcome.status === 'interrupted' || signal.aborted) throw new AbortedError();
        const imageFiles = await keepPictures(outcome.images ?? [], call.name, io);
        results.push({ role: 'tool', content: outcome.result, toolCallId: call.id, toolName: call.name, ...(imageFiles.length > 0 ? { imageFiles } : {}) });
        if (outcome.images?.length) images.push({ name: call.name, images: outcome.images });
      }
      return takesImages && images.length > 0 ? [...results, toolImagesMessage(images)] : results;
    },
    async command(args) {
      const [verb, name] = args.trim().split(/\s+/);
      const box = await open();
      if (verb === 'on' || verb === 'off') {
        // A configured server the chat did not start with is started now and all its tools offered.
        if (verb === 'on' && name && name in options.servers && !box.tools.some((t) => t.source === name)) {
          const added = await box.enable(name);
          off.delete(name);
          return `${name} is on: ${added.map((t) => t.spec.name).join(', ') || 'it offers no tools'}`;
        }
        if (!name || !box.tools.some((t) => t.spec.name === name || t.source === name)) return `no tool or server named ${name ?? '(none)'}; /tools lists them`;
        if (verb === 'off') off.add(name);
        else off.delete(name);
        return `${name} is ${verb}`;
      }
      return box.tools.map((t) => `${off.has(t.spec.name) || off.has(t.source) ? 'off' : 'on '} ${t.spec.name}`).join('\n') || 'no tools';
    },
  };
}

/** A call's images drawn and saved as soon as its line is done; the files its tool message names. */
async function keepPictures(images: readonly ImageInput[], from: string, io: ReplIO): Promise<ImageFile[]> {
  const files: ImageFile[] = [];
  if (!io.keepPicture) return files;
  for (const image of images) {
    const file = await io.keepPicture({ mime: image.mediaType, data: image.data }, from);
    if (file) files.push(file);
  }
  return files;
}
