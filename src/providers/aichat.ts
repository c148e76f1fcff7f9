import { ProtocolError, ServerError } from '../core/errors.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from '../core/types.js';
import { detectBlockedPage } from '../stream/blocked-page.js';
import { BlockedError } from '../core/errors.js';
import { call } from './call.js';
import { parseJson, preview } from '../stream/ndjson-decoder.js';
import { formatRolePrompt } from './prompt-format.js';

const HEADERS = {
  authority: 'chat-gpt.org',
  accept: '*/*',
  'cache-control': 'no-cache',
  'content-type': 'application/json',
  origin: 'https://chat-gpt.org',
  pragma: 'no-cache',
  referer: 'https://chat-gpt.org/chat',
  'sec-ch-ua-mobile': '?0',
  'sec-ch-ua-platform': '"macOS"',
  'sec-fetch-dest': 'empty',
  'sec-fetch-mode': 'cors',
  'sec-fetch-site': 'same-origin',
  'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/113.0.0.0 Safari/537.36',
};

export const aichat: Provider = {
  id: 'aichat',
  label: 'Aichat',
  url: 'https://chat-gpt.org/chat',
  baseURL: 'https://chat-gpt.org',
  working: false,
  needsAuth: false,
  supportsStream: false,
  supportsSystemMessage: true,
  supportsHistory: true,
  supportsGpt35Turbo: true,
  defaultModel: 'gpt-3.5-turbo',
  models: ['gpt-3.5-turbo'],
  modelAliases: {},
  params: ['messages', 'temperature', 'top_p'],
  stream: streamAichat,
};

async function* streamAichat(req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  // The model is not sent: the service had one.
  const body = JSON.stringify({
    message: formatRolePrompt(req.messages),
    temperature: req.temperature ?? 0.5,
    presence_penalty: 0,
    top_p: 1,
    frequency_penalty: 0,
  });
  const response = await call(ctx, `${ctx.baseURL}/api/text`, {
    headers: HEADERS,
    body,
  });
  const text = await response.text();
  const blocked = detectBlockedPage(text, response.headers);
  if (blocked) throw new BlockedError(blocked);
  const json = parseJson(text) as { response?: unknown; message?: unknown } | null;
  if (!json || typeof json !== 'object') throw new ProtocolError(`aichat: expected a JSON object, got ${preview(text)}`);
  if (!json.response || typeof json.message !== 'string') {
    throw new ServerError(`aichat: the server did not answer: ${preview(text, 200)}`);
  }
  yield { type: 'start', provider: aichat.id, model: aichat.defaultModel };
  if (json.message) yield { type: 'text', text: json.message };
  yield { type: 'finish', reason: 'stop' };
}
