import type { CallContext, ChatRequest, Provider, StreamPart } from '../../ground/types.js';
import { readRawText } from './raw-text-stream.js';
import { PYTHON_ACCEPT_ENCODING, postSeedRequest } from './seed-request.js';

/** Model id → display name, as the original sent them. */
const MODEL_NAMES: Readonly<Record<string, string>> = {
  'gpt-3.5-turbo': 'GPT-3.5',
  'gpt-3.5-turbo-0613': 'GPT-3.5-0613',
  'gpt-3.5-turbo-16k': 'GPT-3.5-16K',
  'gpt-3.5-turbo-16k-0613': 'GPT-3.5-16K-0613',
  'gpt-4': 'GPT-4',
  'gpt-4-0613': 'GPT-4-0613',
  'gpt-4-32k': 'GPT-4-32K',
  'gpt-4-32k-0613': 'GPT-4-32K-0613',
};

const DEFAULT_PROMPT =
  "You are ChatGPT, a large language model trained by OpenAI. Follow the user's instructions carefully. Respond using markdown.";

/** As `requests` put them on the wire: its defaults merged with the provider's dict. */
const HEADERS = [
  ['user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36'],
  ['Accept-Encoding', PYTHON_ACCEPT_ENCODING],
  ['accept', 'text/event-stream'],
  ['Connection', 'keep-alive'],
  ['accept-language', 'en-US,en;q=0.9'],
  ['content-type', 'application/json'],
  ['Content-Length', ''],
  ['sec-ch-ua', '"Chrome";v="117", "Not;A=Brand";v="8", "Chromium";v="117"'],
  ['sec-ch-ua-mobile', '?0'],
  ['sec-ch-ua-platform', '"Windows"'],
  ['sec-fetch-dest', 'empty'],
  ['sec-fetch-mode', 'cors'],
  ['sec-fetch-site', 'same-origin'],
  ['sec-gpc', '1'],
  // (sic) the original's spelling
  ['referrer', 'https://chat.aivvm.com/'],
] as const;

export const aivvm: Provider = {
  id: 'aivvm',
  label: 'Aivvm',
  url: 'https://chat.aivvm.com',
  baseURL: 'https://chat.aivvm.com',
  working: false,
  kind: 'keyless',
  capabilities: ['stream', 'system', 'history', 'gpt-3.5-turbo', 'gpt-4'],
  defaultModel: 'gpt-3.5-turbo',
  models: Object.keys(MODEL_NAMES),
  modelAliases: {},
  strictModels: true,
  params: ['model', 'messages', 'stream', 'temperature'],
  stream: streamAivvm,
};

async function* streamAivvm(req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  const model = req.model ?? aivvm.defaultModel;
  const system = req.messages.find((m) => m.role === 'system');
  const body: Record<string, unknown> = {
    model: { id: model, name: MODEL_NAMES[model] },
    // The system text travels in `prompt`, the protocol's own field; the turns go unchanged.
    messages: req.messages.filter((m) => m.role !== 'system').map(({ role, content }) => ({ role, content })),
    key: '',
    prompt: system?.content ?? DEFAULT_PROMPT,
    temperature: req.temperature ?? 0.7,
  };
  if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
  const response = await postSeedRequest(ctx, `${ctx.baseURL}/api/chat`, HEADERS, body);
  yield { type: 'start', provider: aivvm.id, model };
  yield* readRawText(response);
}
