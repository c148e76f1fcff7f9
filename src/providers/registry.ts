import { UsageError } from '../core/errors.js';
import type { Provider } from '../core/types.js';
import { ai365vip } from './ai365vip.js';
import { aichat } from './aichat.js';
import { aivvm } from './aivvm.js';
import { anthropic } from './anthropic.js';
import { deepseek } from './deepseek.js';
import { gemini } from './gemini.js';
import { gravityengine } from './gravityengine.js';
import { groq } from './groq.js';
import { ollama } from './ollama.js';
import { openai } from './openai.js';
import { opencode } from './opencode.js';
import { openrouter } from './openrouter.js';
import { pollinations } from './pollinations.js';

/** Every provider, in the order `auto` considers them within each group. */
export const providers: readonly Provider[] = [
  ollama,
  openai,
  anthropic,
  gemini,
  openrouter,
  groq,
  deepseek,
  pollinations,
  opencode,
  aivvm,
  aichat,
  ai365vip,
  gravityengine,
];

export function findProvider(id: string): Provider | undefined {
  const wanted = id.trim().toLowerCase();
  return providers.find((p) => p.id === wanted);
}

export const providerIds = (): string[] => providers.map((p) => p.id);

/** The provider with this id, or a usage error listing the known ids (and any other accepted choices). */
export function requireProvider(id: string, otherChoices: readonly string[] = [], hint?: string): Provider {
  const provider = findProvider(id);
  if (!provider) throw new UsageError(`unknown provider "${id}"; known providers: ${[...otherChoices, ...providerIds()].join(', ')}`, hint);
  return provider;
}
