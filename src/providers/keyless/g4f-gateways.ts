import { g4fGateway } from './g4f-gateway.js';

// Model names are examples the routes list; `auto` (the default) lets the worker choose.
export const g4fGroq = g4fGateway('groq', 'Groq', ['openai/gpt-oss-120b', 'llama-3.1-8b-instant']);
export const g4fOllama = g4fGateway('ollama', 'Ollama', ['gpt-oss:120b', 'gpt-oss:20b']);
export const g4fNvidia = g4fGateway('nvidia', 'NVIDIA', ['deepseek-ai/deepseek-v3.1', 'meta/llama-3.3-70b-instruct']);
export const g4fGemini = g4fGateway('gemini', 'Gemini', ['gemini-flash-latest', 'gemini-flash-lite-latest']);
export const g4fPollinations = g4fGateway('pollinations', 'Pollinations', ['openai', 'mistral']);
