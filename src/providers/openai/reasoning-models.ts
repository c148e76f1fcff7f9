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
