/**
 * What a provider can do, each named once. A provider lists the ones it has; anything it does
 * not list it cannot do. Decisions ask `can(provider, …)`, never a field of their own.
 */
export type Capability =
  /** Streams its answer as it is made. */
  | 'stream'
  /** Takes a system message. */
  | 'system'
  /** Takes earlier turns of the conversation. */
  | 'history'
  /** Takes images with messages (vision). */
  | 'images'
  /** Takes tools and answers with tool calls (tools.md: per-protocol mapping). */
  | 'tools'
  /** Can be made to call a tool (`toolChoice` 'required' or a named tool); Ollama's API cannot. */
  | 'tool-choice'
  /** Sends `ChatRequest.passthrough` fields on as given (OpenAI-compatible APIs). */
  | 'passthrough'
  /** Honours `ChatRequest.responseFormat` (JSON / JSON Schema output) in its own protocol. */
  | 'response-format'
  /** The original gpt4free port said it serves gpt-3.5-turbo (shown by `providers`). */
  | 'gpt-3.5-turbo'
  /** The original gpt4free port said it serves gpt-4 (shown by `providers`). */
  | 'gpt-4';

/** Whether `provider` has `capability`. */
export function can(provider: { readonly capabilities: readonly Capability[] }, capability: Capability): boolean {
  return provider.capabilities.includes(capability);
}
