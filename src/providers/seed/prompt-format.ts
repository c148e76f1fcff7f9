import type { Message } from '../../ground/types.js';

/**
 * gpt4free's `format_prompt`: one message is sent as its content alone; otherwise each
 * message as `<Role>: <content>` (role capitalised), joined by newlines, then `\nAssistant:`.
 */
export function formatPrompt(messages: readonly Message[]): string {
  if (messages.length === 1) return messages[0].content;
  const lines = messages.map((m) => `${m.role.charAt(0).toUpperCase()}${m.role.slice(1)}: ${m.content}`);
  return `${lines.join('\n')}\nAssistant:`;
}

/** Aichat's prompt: each message as `<role>: <content>\n`, role as given, then `assistant:`. */
export function formatRolePrompt(messages: readonly Message[]): string {
  return `${messages.map((m) => `${m.role}: ${m.content}\n`).join('')}assistant:`;
}
