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

/** Every built-in provider, in the order `auto` considers them within each group. */
export const builtinProviders: readonly Provider[] = [
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

