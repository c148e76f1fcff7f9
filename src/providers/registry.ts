import type { Provider } from '../ground/types.js';
import { cerebras } from './cerebras.js';
import { deepinfra } from './deepinfra.js';
import { g4fGemini, g4fGroq, g4fNvidia, g4fOllama, g4fPollinations } from './g4f-gateways.js';
import { github } from './github.js';
import { horde } from './horde.js';
import { ovhcloud } from './ovhcloud.js';
import { huggingface } from './huggingface.js';
import { mistral } from './mistral.js';
import { nvidia } from './nvidia.js';
import { together } from './together.js';
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
  cerebras,
  mistral,
  nvidia,
  together,
  deepinfra,
  huggingface,
  github,
  opencode,
  // Public, in order: no proof of work or ads first.
  ovhcloud,
  pollinations,
  g4fGroq,
  g4fGemini,
  g4fOllama,
  g4fNvidia,
  g4fPollinations,
  // Slowest of all (a queue of volunteers): last in `auto`.
  horde,
  aivvm,
  aichat,
  ai365vip,
  gravityengine,
];
