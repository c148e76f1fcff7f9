import { ProtocolError, ServerError } from '../../ground/errors.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from '../../ground/types.js';
import { parseJson, preview } from '../../stream/ndjson-decoder.js';
import { formatRolePrompt } from './prompt-format.js';
import { PYTHON_ACCEPT_ENCODING, postSeedRequest } from './seed-request.js';

/** As `requests` put them on the wire: its defaults merged with the provider's dict, Content-Length last. */
const HEADERS = [
  ['user-agent', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/113.0.0.0 Safari/537.36'],
  ['Accept-Encoding', PYTHON_ACCEPT_ENCODING],
  ['accept', '*/*'],
  ['Connection', 'keep-alive'],
  ['authority', 'chat-gpt.org'],
  ['cache-control', 'no-cache'],
  ['content-type', 'application/json'],
  ['origin', 'https://chat-gpt.org'],
  ['pragma', 'no-cache'],
  ['referer', 'https://chat-gpt.org/chat'],
  ['sec-ch-ua-mobile', '?0'],
  ['sec-ch-ua-platform', '"macOS"'],
  ['sec-fetch-dest', 'empty'],
  ['sec-fetch-mode', 'cors'],
  ['sec-fetch-site', 'same-origin'],
  ['Content-Length', ''],
] as const;

export const aichat: Provider = {
  id: 'aichat',
  label: 'Aichat',
  url: 'https://chat-gpt.org/chat',
  baseURL: 'https://chat-gpt.org',
  working: false,
  kind: 'keyless',
  capabilities: ['system', 'history', 'gpt-3.5-turbo'],
  defaultModel: 'gpt-3.5-turbo',
  models: ['gpt-3.5-turbo'],
  modelAliases: {},
  params: ['model', 'messages', 'stream'],
  paramsText: 'g4f.Providers.Aichat supports: (model: str, messages: list, stream: bool)',
  stream: streamAichat,
};

async function* streamAichat(req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  // The model is not sent: the service had one. Temperature and top_p were fixed at 1.
  const body: Record<string, unknown> = {
    message: formatRolePrompt(req.messages),
    temperature: req.temperature ?? 1,
    presence_penalty: 0,
    top_p: 1,
    frequency_penalty: 0,
  };
  if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
  const response = await postSeedRequest(ctx, `${ctx.baseURL}/api/text`, HEADERS, body);
  const text = await response.text(16 * 1024 * 1024);
  // A 2xx JSON answer is the model's words, whatever they say (an HTML page was refused earlier).
  const json = parseJson(text) as { message?: unknown } | null;
  if (!json || typeof json !== 'object') throw new ProtocolError(`aichat: expected a JSON object, got ${preview(text)}`);
  if (typeof json.message !== 'string') throw new ServerError(`aichat: the answer has no "message": ${preview(text, 200)}`);
  yield { type: 'start', provider: aichat.id, model: aichat.defaultModel };
  if (json.message) yield { type: 'text', text: json.message };
  yield { type: 'finish', reason: 'stop' };
}
