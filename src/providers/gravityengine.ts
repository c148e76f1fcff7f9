import type { CallContext, ChatRequest, Provider, StreamPart } from '../core/types.js';
import { call } from './call.js';
import { readOpenAIAnswer } from './openai-stream.js';

export const gravityengine: Provider = {
  id: 'gravityengine',
  label: 'Gravityengine',
  url: 'https://gpt4.gravityengine.cc',
  baseURL: 'https://gpt4.gravityengine.cc',
  working: false,
  needsAuth: false,
  supportsStream: true,
  supportsSystemMessage: true,
  supportsHistory: true,
  supportsGpt35Turbo: true,
  defaultModel: 'gpt-3.5-turbo-16k',
  models: ['gpt-3.5-turbo-16k', 'gpt-3.5-turbo-0613'],
  modelAliases: {},
  params: ['model', 'messages', 'stream', 'temperature'],
  stream: streamGravityengine,
};

async function* streamGravityengine(req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  const model = req.model ?? gravityengine.defaultModel;
  // No `stream` field: the server decides, and either answer shape is read.
  const body = JSON.stringify({ model, temperature: req.temperature ?? 0.7, presence_penalty: 0, messages: req.messages });
  const response = await call(ctx, `${ctx.baseURL}/api/openai/v1/chat/completions`, {
    headers: { 'content-type': 'application/json' },
    body,
  });
  yield { type: 'start', provider: gravityengine.id, model };
  yield* readOpenAIAnswer(response, gravityengine.id);
}
