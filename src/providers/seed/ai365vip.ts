import type { CallContext, ChatRequest, Provider, StreamPart } from '../../ground/types.js';
import { formatPrompt } from './prompt-format.js';
import { readRawText } from './raw-text-stream.js';
import { PYTHON_ACCEPT_ENCODING, postSeedRequest } from './seed-request.js';

/** As aiohttp put them on the wire: the provider's dict in order, then its own two; no Connection. */
const HEADERS = [
  ['accept', '*/*'],
  ['accept-language', 'en-US,en;q=0.9'],
  ['content-type', 'application/json'],
  ['origin', 'https://chat.ai365vip.com'],
  ['referer', 'https://chat.ai365vip.com/en'],
  ['sec-ch-ua', '"Chromium";v="127", "Not)A;Brand";v="99"'],
  ['sec-ch-ua-arch', '"x86"'],
  ['sec-ch-ua-bitness', '"64"'],
  ['sec-ch-ua-full-version', '"127.0.6533.119"'],
  ['sec-ch-ua-full-version-list', '"Chromium";v="127.0.6533.119", "Not)A;Brand";v="99.0.0.0"'],
  ['sec-ch-ua-mobile', '?0'],
  ['sec-ch-ua-model', '""'],
  ['sec-ch-ua-platform', '"Linux"'],
  ['sec-ch-ua-platform-version', '"4.19.276"'],
  ['sec-fetch-dest', 'empty'],
  ['sec-fetch-mode', 'cors'],
  ['sec-fetch-site', 'same-origin'],
  ['user-agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36'],
  ['Accept-Encoding', PYTHON_ACCEPT_ENCODING],
  ['Content-Length', ''],
] as const;

export const ai365vip: Provider = {
  id: 'ai365vip',
  label: 'AI365VIP',
  url: 'https://chat.ai365vip.com',
  baseURL: 'https://chat.ai365vip.com',
  working: false,
  kind: 'keyless',
  capabilities: ['stream', 'system', 'history'],
  defaultModel: 'gpt-3.5-turbo',
  models: ['gpt-3.5-turbo', 'gpt-3.5-turbo-16k', 'gpt-4o'],
  // Shown as the original declared it; the original never applied it, and neither do we.
  modelAliases: { 'gpt-3.5-turbo': 'gpt-3.5-turbo-16k' },
  aliasesAreMetadata: true,
  warnUnknownModels: true,
  params: ['model', 'messages', 'stream', 'temperature', 'proxy'],
  stream: streamAi365vip,
};

async function* streamAi365vip(req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  const model = req.model ?? ai365vip.defaultModel;
  const body: Record<string, unknown> = {
    model: { id: model, name: 'GPT-3.5', maxLength: 3000, tokenLimit: 2048 },
    // format_prompt over every message, a system message included.
    messages: [{ role: 'user', content: formatPrompt(req.messages) }],
    key: '',
    prompt: 'You are a helpful assistant.',
    temperature: req.temperature ?? 1,
  };
  if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
  const response = await postSeedRequest(ctx, `${ctx.baseURL}/api/chat`, HEADERS, body);
  yield { type: 'start', provider: ai365vip.id, model };
  yield* readRawText(response);
}
