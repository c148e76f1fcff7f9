import { g4fGateway } from './g4f-gateway.js';

export const g4fGroq = g4fGateway('groq', 'Groq', 'llama-3.3-70b-versatile', ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-120b']);
export const g4fOllama = g4fGateway('ollama', 'Ollama', 'gpt-oss:120b', ['gpt-oss:120b', 'gpt-oss:20b', 'deepseek-v3.1:671b']);
export const g4fNvidia = g4fGateway('nvidia', 'NVIDIA', 'meta/llama-3.3-70b-instruct', ['meta/llama-3.3-70b-instruct', 'deepseek-ai/deepseek-v3.1']);
export const g4fGemini = g4fGateway('gemini', 'Gemini', 'gemini-2.5-flash', ['gemini-2.5-flash', 'gemini-2.5-pro']);
export const g4fPollinations = g4fGateway('pollinations', 'Pollinations', 'openai', ['openai', 'mistral']);
