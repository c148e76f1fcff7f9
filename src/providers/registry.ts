import type { Provider } from '../ground/types.js';
import { cerebras } from './openai/cerebras.js';
import { deepinfra } from './openai/deepinfra.js';
import { g4fGemini, g4fGroq, g4fNvidia, g4fOllama, g4fPollinations } from './keyless/g4f-gateways.js';
import { github } from './openai/github.js';
import { horde } from './keyless/horde.js';
import { ovhcloud } from './keyless/ovhcloud.js';
import { huggingface } from './openai/huggingface.js';
import { mistral } from './openai/mistral.js';
import { nvidia } from './openai/nvidia.js';
import { together } from './openai/together.js';
import { ai365vip } from './seed/ai365vip.js';
import { aichat } from './seed/aichat.js';
import { aivvm } from './seed/aivvm.js';
import { anthropic } from './anthropic/anthropic.js';
import { deepseek } from './openai/deepseek.js';
import { gemini } from './gemini/gemini.js';
import { gravityengine } from './seed/gravityengine.js';
import { groq } from './openai/groq.js';
import { ollama } from './ollama/ollama.js';
import { openai } from './openai/openai.js';
import { opencode } from './openai/opencode.js';
import { openrouter } from './openai/openrouter.js';
import { pollinations } from './keyless/pollinations.js';

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
