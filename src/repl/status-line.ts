import type { AnswerResult } from '../core/answer/answer.js';
import { sanitizeLabel } from '../ground/terminal-safe-text.js';

/** The dim line after an answer: who answered, the route, tokens, time, and why it stopped early. */
export function statusLine(result: AnswerResult, seconds: number): string {
  // The model name may come from a server (a local server's first model): shown safely.
  const parts = ([result.provider, result.model].filter(Boolean) as string[]).map(sanitizeLabel);
  const via = [result.upstream?.provider, result.upstream?.model].filter(Boolean).join(' · ');
  if (via) parts.push(`route ${sanitizeLabel(via)}`);
  const tokens = result.usage?.outputTokens ?? result.usage?.totalTokens;
  if (tokens !== undefined) parts.push(`${tokens} tokens`);
  parts.push(`${seconds.toFixed(1)}s`);
  if (result.finishReason === 'length') parts.push('stopped at the token limit');
  return parts.join(' · ');
}
