import type { CallContext, ChatRequest, Provider, StreamPart } from '../../src/ground/types.js';

export function context(baseURL: string, overrides: Partial<CallContext> = {}): CallContext {
  return { baseURL, signal: new AbortController().signal, timeoutMs: 5000, ...overrides };
}

export function userRequest(text: string, overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { messages: [{ role: 'user', content: text }], stream: true, ...overrides };
}

export async function collect(provider: Provider, req: ChatRequest, ctx: CallContext): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of provider.stream(req, ctx)) parts.push(part);
  return parts;
}

export const textOf = (parts: readonly StreamPart[]) =>
  parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
