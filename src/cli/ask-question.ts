import { trimToContext } from '../core/answer/trim-context.js';
import type { Message } from '../ground/types.js';
import { composeUserMessage } from '../input/compose-message.js';
import type { AskFlags } from './commands/ask.js';
import { openConversation, type OpenConversation } from './conversation-setup.js';
import { refuseExpandedGlob, warnExpandedGlob } from './glob-warning.js';
import { printNotice } from './messages.js';
import { combinePrompt, DEFAULT_MAX_INPUT, readPipedStdin } from './read-stdin.js';
import type { AppContext, Settings } from './settings.js';
import { gatherAttachments, requireSomething } from './user-input.js';

/** What `ask` asks: the user's turn, the messages sent (trimmed to fit), and the conversation it joins. */
export interface AskedQuestion {
  user: Message;
  messages: Message[];
  conversation?: OpenConversation;
  /** The system prompt of the turn, as the conversation restored it. */
  turn: { system?: string };
}

/**
 * Reads everything the question is made of, before any request: files first, then stdin, then
 * the words, all within --max-input; an MCP prompt's messages before the user's own.
 */
export async function readQuestion(words: string[], flags: AskFlags, settings: Settings, app: AppContext): Promise<AskedQuestion> {
  const maxInput = flags.maxInput ?? DEFAULT_MAX_INPUT;
  const piped = flags.stdin === false ? undefined : await readPipedStdin(maxInput);
  const prompt = combinePrompt(piped, words);
  refuseExpandedGlob(flags.file ?? [], words, process.cwd());
  if (flags.file?.length) warnExpandedGlob(flags.file, words, process.cwd());
  // Files first, then stdin, then the prompt; all of it within --max-input, read before any request.
  const attached = await gatherAttachments(flags.file, settings, maxInput, Buffer.byteLength(prompt));
  // --mcp-prompt: the server's prompt messages go before the user's own (or are the whole question).
  const mcpPrompt = flags.mcpPrompt ? await import('./mcp-prompt-input.js') : undefined;
  const fromServer = mcpPrompt ? await mcpPrompt.promptFromServer(flags.mcpPrompt!, flags.arg ?? [], app, flags.mcpConfig) : undefined;
  if (!fromServer) requireSomething(prompt, attached);

  const conversation = await openConversation(flags, settings, app);
  // A conversation is titled by the question asked, not by text piped in or attached with it.
  conversation?.setTitle(words.join(' ').trim() || prompt || attached?.texts[0]?.label || flags.mcpPrompt || 'attachments');
  const turn = { system: settings.system };
  const earlier = conversation?.restore(turn) ?? [];
  const typed = prompt || attached?.texts.length || attached?.images.length ? composeUserMessage(attached, prompt) : undefined;
  const { inserted, user } = fromServer ? mcpPrompt!.beforeUserTurn(fromServer, typed) : { inserted: [], user: composeUserMessage(attached, prompt) };
  const trimmed = trimToContext([...(turn.system ? [{ role: 'system' as const, content: turn.system }] : []), ...earlier, ...inserted, user]);
  if (trimmed.dropped > 0) printNotice(`(left out ${trimmed.dropped} older messages to fit the model's context)`);
  return { user, messages: trimmed.messages, conversation, turn };
}
