import { can } from '../../ground/capabilities.js';
import type { ImageFile, ImageInput, Message, Provider, ToolCall } from '../../ground/types.js';

/** One call as it was handled: what the model asked, what it got back, whether the user allowed it. */
export interface ToolCallRecord {
  id: string;
  name: string;
  arguments: string;
  result: string;
  approved: boolean;
}

export interface ToolStep {
  text: string;
  /** The step's reasoning: kept on the assistant turn with its calls. */
  reasoning?: string;
  toolCalls: ToolCall[];
  /** The step failed or was stopped: the loop ends with it. */
  stopped: boolean;
  /** Pictures the step's answer carried, kept as files: named on its assistant turn. */
  imageFiles?: ImageFile[];
}

/** What running one call gave: the result the model reads, and what the screen and history keep. */
export interface ExecutedCall {
  result: string;
  approved: boolean;
  /** The user stopped it: the loop ends here. */
  stop?: boolean;
  /** Images it returned, for a model that takes them. */
  images?: ImageInput[];
  /** Those images kept as files: named on its tool message. */
  imageFiles?: ImageFile[];
}

export interface ToolLoop {
  /** Messages added to the conversation: assistant turns with calls, and the tool results. */
  added: Message[];
  calls: ToolCallRecord[];
  /** The model still asked for calls after --max-steps turns whose calls ran. */
  exhausted: boolean;
  /** A call was stopped by the user: the turn ended there, without asking the model again. */
  interrupted: boolean;
  steps: number;
}

/**
 * Answer → calls → results → the model again, until an answer without calls. `maxSteps` is
 * how many model turns may have their calls run: a turn after those that still asks for calls
 * ends the loop as `exhausted`. Calls of one step run in order; `execute` decides approval and
 * bounds each call, and a denied or failed call is a result the model sees, not the end of the
 * answer; a call the user stopped (`stop`) ends the loop at once.
 */
export async function runToolLoop(
  messages: readonly Message[],
  maxSteps: number,
  step: (messages: readonly Message[], stepNumber: number) => Promise<ToolStep>,
  execute: (call: ToolCall) => Promise<ExecutedCall>,
  /** The model takes images: those a call returned go to its next turn as image parts. */
  takesImages = false,
): Promise<ToolLoop> {
  const loop: ToolLoop = { added: [], calls: [], exhausted: false, interrupted: false, steps: 0 };
  for (;;) {
    loop.steps += 1;
    const answer = await step([...messages, ...loop.added], loop.steps);
    if (answer.stopped || answer.toolCalls.length === 0) return loop;
    if (loop.steps > maxSteps) {
      loop.exhausted = true;
      return loop;
    }
    loop.added.push({ role: 'assistant', content: answer.text, toolCalls: answer.toolCalls, ...(answer.reasoning ? { reasoning: answer.reasoning } : {}), ...(answer.imageFiles?.length ? { imageFiles: answer.imageFiles } : {}) });
    const images: Array<{ name: string; images: ImageInput[] }> = [];
    for (const call of answer.toolCalls) {
      const { result, approved, stop, images: returned, imageFiles } = await execute(call);
      loop.calls.push({ ...call, result, approved });
      loop.added.push({ role: 'tool', content: result, toolCallId: call.id, toolName: call.name, ...(imageFiles?.length ? { imageFiles } : {}) });
      if (stop) {
        loop.interrupted = true;
        return loop;
      }
      if (returned?.length) images.push({ name: call.name, images: returned });
    }
    if (takesImages && images.length > 0) loop.added.push(toolImagesMessage(images));
  }
}

/**
 * Images tool calls returned, for a model that takes images: no protocol carries an image in a
 * tool result, so they follow the results as one user message that names where each came from.
 */
export function toolImagesMessage(from: ReadonlyArray<{ name: string; images: readonly ImageInput[] }>): Message {
  const named = from.map((f) => `${f.name} (${f.images.length} image${f.images.length === 1 ? '' : 's'})`).join(', ');
  return { role: 'user', content: `[the images returned by ${named}]`, images: from.flatMap((f) => [...f.images]) };
}

/** Whether the chain's providers that take tools all take images too (else images would narrow the chain). */
export function chainTakesImages(providers: ReadonlyArray<Pick<Provider, 'capabilities'>>): boolean {
  const withTools = providers.filter((p) => can(p, 'tools'));
  return withTools.length > 0 && withTools.every((p) => can(p, 'images'));
}
