import type { Message } from '../../ground/types.js';
import { sanitizeLabel, sanitizeOutsideText } from '../../ground/terminal-safe-text.js';
import { describeCall } from '../../tools/call-display.js';

export { describeCall };

/** The calls an assistant turn made, one line each, as they were shown when they ran. */
export function toolCallLines(message: Message): string[] {
  return (message.toolCalls ?? []).map((call) => `⏺ ${describeCall(call.name, call.arguments)}`);
}

/** `tool (files__read)`: whose result a tool message is. */
export function toolLabel(message: Message): string {
  return `tool${message.toolName ? ` (${sanitizeLabel(message.toolName)})` : ''}`;
}

const PREVIEW_LINES = 12;
const PREVIEW_BYTES = 2048;

/**
 * A tool's result on a screen: untrusted text, so sanitised with disguising characters shown,
 * and only its first lines, with what was left out said (the whole result is in --json and export).
 */
export function toolResultPreview(content: string): string {
  const lines = content.replace(/\n$/, '').split('\n');
  let shown = lines.slice(0, PREVIEW_LINES).join('\n');
  if (Buffer.byteLength(shown) > PREVIEW_BYTES) shown = Buffer.from(shown).subarray(0, PREVIEW_BYTES).toString('utf8').replace(/\uFFFD$/, '');
  const total = Buffer.byteLength(content);
  const rest = total - Buffer.byteLength(shown) > 1 ? `\n… (${total} bytes in all)` : '';
  return `${sanitizeOutsideText(shown)}${rest}`;
}
