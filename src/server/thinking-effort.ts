import type { ReasoningEffort } from '../ground/types.js';

/**
 * A thinking budget in tokens as OpenAI's reasoning effort, in bands following OpenAI's
 * low/medium/high: under 4096 low, under 16384 medium, else high. Anthropic's `budget_tokens`
 * and Gemini's `thinkingBudget` are mapped alike (Gemini's 0, no thinking, is the lowest: low).
 */
export function effortOfBudget(budget: number): ReasoningEffort {
  return budget < 4096 ? 'low' : budget < 16_384 ? 'medium' : 'high';
}

/**
 * Gemini's `thinkingConfig` (googleapis/js-genai src/types.ts ThinkingConfig): `thinkingLevel`
 * MINIMAL/LOW, MEDIUM, HIGH, or `thinkingBudget` in tokens, where -1 asks the model to decide
 * (no effort then, as for a level left unspecified).
 */
export function effortOfGeminiThinking(budget: unknown, level: unknown): ReasoningEffort | undefined {
  const byLevel: Readonly<Record<string, ReasoningEffort>> = { MINIMAL: 'low', LOW: 'low', MEDIUM: 'medium', HIGH: 'high' };
  if (typeof level === 'string' && byLevel[level.toUpperCase()]) return byLevel[level.toUpperCase()];
  if (typeof budget === 'number' && Number.isFinite(budget) && budget >= 0) return effortOfBudget(budget);
  return undefined;
}
