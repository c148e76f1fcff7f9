import { streamAnswer, type AnswerResult } from '../core/answer/answer.js';
import { chainTakesImages } from '../core/answer/tool-loop.js';
import type { ChainEvent, ChainLink, ChainOptions } from '../core/chain/chain.js';
import { chainSettings } from '../core/chain/chain-settings.js';
import { UsageError } from '../ground/errors.js';
import type { ChatRequest, Message } from '../ground/types.js';
import type { ReplIO } from './repl-io.js';
import type { ChatTools, TurnSettings } from './session-types.js';
import type { TurnOutput } from './turn-output.js';

/** One message's way through the chain: where it goes, what it asks, where the answer goes. */
export interface Turn {
  links: readonly ChainLink[];
  request: ChatRequest;
  options: Omit<ChainOptions, 'attempts'>;
  tools?: ChatTools;
  output: TurnOutput;
  io: ReplIO;
}

/** The chain's options for a turn, from the chat's settings. */
export function turnOptions(settings: TurnSettings, signal: AbortSignal, onEvent: (event: ChainEvent) => void): Omit<ChainOptions, 'attempts'> {
  return { signal, ...chainSettings(settings), onEvent };
}

/**
 * Asks for an answer; while the model asks for tools, runs the calls and asks again with their
 * results. `result` gathers the answer; `toolTurns` the assistant turns with calls and their results.
 */
export async function answerTurn(turn: Turn, result: AnswerResult, toolTurns: Message[]): Promise<void> {
  const specs = (await turn.tools?.specs()) ?? [];
  for (let step = 1; ; step++) {
    const before = result.toolCalls.length;
    const request = { ...turn.request, messages: [...turn.request.messages, ...toolTurns], ...(specs.length > 0 ? { tools: specs } : {}) };
    await streamAnswer(turn.links, request, turn.options, turn.output.handlers(), result);
    const calls = result.toolCalls.slice(before);
    if (calls.length === 0 || !turn.tools) break;
    // --max-steps N: N model turns have their calls run; a turn after those that still asks ends the exchange.
    const maxSteps = turn.tools.maxSteps;
    if (step > maxSteps) throw new UsageError(`stopped: the model still asked for tools after ${maxSteps} turns whose calls ran (--max-steps ${maxSteps})`);
    turn.output.spinner.stop();
    const takesImages = chainTakesImages(turn.links.map((link) => link.provider));
    toolTurns.push(
      { role: 'assistant', content: result.text, toolCalls: calls, ...(result.reasoning ? { reasoning: result.reasoning } : {}) },
      ...(await turn.tools.run(calls, turn.io, turn.options.signal, takesImages)),
    );
  }
}
