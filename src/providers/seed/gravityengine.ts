import type { CallContext, ChatRequest, Provider, StreamPart } from '../../ground/types.js';
import { readOpenAIAnswer } from '../openai/openai-stream.js';
import { PYTHON_ACCEPT_ENCODING, postSeedRequest } from './seed-request.js';

/** The original built a headers dict and never passed it: these are `requests`' own. */
const HEADERS = [
  ['User-Agent', 'python-requests/2.31.0'],
  ['Accept-Encoding', PYTHON_ACCEPT_ENCODING],
  ['Accept', '*/*'],
  ['Connection', 'keep-alive'],
  ['Content-Length', ''],
  ['Content-Type', 'application/json'],
] as const;

export const gravityengine: Provider = {
  id: 'gravityengine',
  label: 'Gravityengine',
  url: 'https://gpt4.gravityengine.cc',
  baseURL: 'https://gpt4.gravityengine.cc',
  working: false,
  kind: 'keyless',
  capabilities: ['stream', 'system', 'history', 'gpt-3.5-turbo'],
  defaultModel: 'gpt-3.5-turbo-16k',
  models: ['gpt-3.5-turbo-16k', 'gpt-3.5-turbo-0613'],
  modelAliases: {},
  params: ['model', 'messages', 'stream', 'temperature'],
  paramsText: 'g4f.Providers.Gravityengine supports: (model: str, messages: list, stream: bool, temperature: float)',
  stream: streamGravityengine,
};

async function* streamGravityengine(req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  const model = req.model ?? gravityengine.defaultModel;
  // No `stream` field: the server decides, and either answer shape is read.
  const body: Record<string, unknown> = {
    model,
    temperature: req.temperature ?? 0.7,
    presence_penalty: 0,
    messages: req.messages.map(({ role, content }) => ({ role, content })),
  };
  if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
  const response = await postSeedRequest(ctx, `${ctx.baseURL}/api/openai/v1/chat/completions`, HEADERS, body);
  yield { type: 'start', provider: gravityengine.id, model };
  yield* readOpenAIAnswer(response, gravityengine.id);
}
