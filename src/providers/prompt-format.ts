import type { Message } from '../core/types.js';

/**
 * gpt4free's `format_prompt`: one message is sent as its content alone; otherwise each
 * message as `<Role>: <content>` (role capitalised), joined by newlines, then `\nAssistant:`.
 * Messages with empty content are skipped.
 */
export function formatPrompt(messages: readonly Message[]): string {
  const kept = messages.filter((m) => m.content.length > 0);
  if (kept.length === 1) return kept[0].content;
  const lines = kept.map((m) => `${m.role.charAt(0).toUpperCase()}${m.role.slice(1)}: ${m.content}`);
  return `${lines.join('\n')}\nAssistant:`;
}

/** Aichat's prompt: each message as `<role>: <content>\n`, role as given, then `assistant:`. */
export function formatRolePrompt(messages: readonly Message[]): string {
  return `${messages.map((m) => `${m.role}: ${m.content}\n`).join('')}assistant:`;
}
