/**
 * OpenAI's reasoning models (the o series, gpt-5 and later except `gpt-5-chat-latest`) refuse
 * `max_tokens` and take `max_completion_tokens`: the rule of vercel/ai
 * packages/openai/src/openai-language-model-capabilities.ts, whose chat model sends
 * max_completion_tokens for them. `openai/o3` is the same model at a host keeping the vendor's name.
 */
export function isReasoningModel(model: string): boolean {
  const bare = model.replace(/^openai\//, '');
  if (/^o\d+(-|$)/.test(bare)) return true;
  const gpt = /^gpt-(\d+)(?:\.(\d+))?(?:-(.*))?$/.exec(bare);
  if (!gpt || Number(gpt[1]) < 5) return false;
  return !(gpt[2] === undefined && (gpt[3] ?? '').startsWith('chat'));
}

/**
 * Models that take `reasoning_effort` low/medium/high: OpenAI's reasoning models and its open
 * gpt-oss at any host (`openai/gpt-oss-120b` on Groq, `gpt-oss:20b` on a local server). Others
 * refuse the field (Groq answers 400 for its Llama models), so a preference is not sent to them.
 */
export function takesReasoningEffort(model: string): boolean {
  return isReasoningModel(model) || /(^|\/)gpt-oss\b/.test(model);
}
