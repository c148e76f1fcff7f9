import type { CpuAllowance } from './cpu-allowance.js';
import type { Capability } from './capabilities.js';

/** An image sent with a message: its media type and its bytes in base64. */
export interface ImageInput {
  mediaType: string;
  data: string;
}

/**
 * A picture kept as a file in the data directory (a model's answer, a tool's result): where it
 * is, the SHA-256 of its bytes (hex) and its media type. History stores this, never the bytes.
 */
export interface ImageFile {
  path: string;
  sha256: string;
  mime: string;
}

/** A tool the model may call: its name, what it does, and its arguments as JSON Schema. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments object (`{"type":"object","properties":{…}}`). */
  parameters: Record<string, unknown>;
}

/** One call the model made: `arguments` is the JSON text exactly as the model produced it. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
  /** An opaque value the provider needs back with the call (Gemini's thoughtSignature), replayed as sent. */
  signature?: string;
}

/** How the model may use the tools it is offered (OpenAI's `tool_choice`, mapped per protocol). */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** One message of a conversation, in the OpenAI shape every provider maps from. */
export interface Message {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Images for providers that take them (capability `images`); others refuse before any request. */
  images?: ImageInput[];
  /** On an assistant message: the calls the model made (its `content` may be empty). */
  toolCalls?: ToolCall[];
  /**
   * On an assistant message with calls: the model's reasoning before them, sent back where the
   * API needs it (DeepSeek's `reasoning_content` in thinking mode, Ollama's `thinking`).
   */
  reasoning?: string;
  /** On a tool message: the call this is the result of. */
  toolCallId?: string;
  /** On a tool message: the tool's name (Gemini's functionResponse and Ollama's tool_name need it). */
  toolName?: string;
  /** Pictures this turn brought (an answer's, a tool result's), kept as files: for history, never sent to a provider. */
  imageFiles?: ImageFile[];
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'other';

/** What a provider's stream yields, in order: start, then text/reasoning, then finish. */
/** The route and model a gateway echoes in its `x-provider` / `x-model` headers (not proof of who answered). */
export interface Upstream {
  provider?: string;
  model?: string;
}

export type StreamPart =
  | { type: 'start'; provider: string; model: string; upstream?: Upstream }
  /** Progress while nothing is said yet (a queue position); never answer text. */
  | { type: 'status'; text: string }
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  /**
   * The model declined (OpenAI's `refusal`): shown like text, reported apart in --json.
   * `note` marks words that explain a stop rather than the model's own (Anthropic's
   * `stop_details.explanation`, or ours for one): said on stderr, never on stdout.
   */
  | { type: 'refusal'; text: string; note?: boolean }
  /** A picture in the answer (Gemini's `inlineData` part): its claimed media type and its bytes in base64, unchecked. */
  | { type: 'image'; mime: string; data: string }
  /** A whole tool call, assembled from the protocol's streamed pieces; emitted before `finish`. */
  | {
      type: 'tool-call';
      id: string;
      name: string;
      arguments: string;
      /** An opaque value the provider needs back with the call (Gemini's thoughtSignature), replayed as sent. */
      signature?: string;
    }
  | { type: 'finish'; reason: FinishReason; usage?: Usage; /** OpenAI's `system_fingerprint`, when sent. */ systemFingerprint?: string };

/** A request as the user asked for it, before any provider-specific mapping. */
export interface ChatRequest {
  messages: Message[];
  /** Model name as given by the user; undefined means the provider's default. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  /** Sequences that end the answer, where the provider's API takes them. */
  stop?: string[];
  stream: boolean;
  /** Tools offered to the model; only providers with the capability `tools` get a request with them. */
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  /** Structured output asked for (OpenAI's `response_format`); mapped where the protocol has it. */
  responseFormat?: ResponseFormat;
  /**
   * Sampling and thinking preferences (a Gemini or Ollama client's `topP`, `topK`, thinking
   * budget): each protocol sends the ones its API has and leaves out the others, so they never
   * take a provider out of the chain. `topK` has no OpenAI-compatible field; `reasoningEffort`
   * goes only to models that take OpenAI's `reasoning_effort` (others refuse it with a 400).
   */
  topP?: number;
  topK?: number;
  reasoningEffort?: ReasoningEffort;
  /**
   * Body fields a client of `serve` sent that g4f-chat does not interpret (`seed`, `logprobs`…):
   * OpenAI-compatible providers send them on as given; others refuse the ones they cannot honour.
   */
  passthrough?: Record<string, unknown>;
}

/** OpenAI's `reasoning_effort` words that every model taking one understands. */
export type ReasoningEffort = 'low' | 'medium' | 'high';

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

/** Everything a provider needs from outside to make one call. */
export interface CallContext {
  /** Base URL with any override already applied; no trailing slash. */
  baseURL: string;
  apiKey?: string;
  signal: AbortSignal;
  /** Longest silence allowed, in milliseconds: connect, headers, or between chunks. */
  timeoutMs: number;
  /** Longest wait for the first byte of a request that has received nothing (below timeoutMs). */
  firstByteMs?: number;
  proxy?: string;
  /** CPU time this run may still spend on proofs of work, shared by every provider it asks. */
  proofOfWork?: CpuAllowance;
}

/**
 * What a provider is to the user: `local` runs on this machine (Ollama: tried first by `auto`,
 * and only when it answers); `keyed` needs the user's own key; `keyless` answers without one
 * (a key given to it makes it the user's account).
 */
export type ProviderKind = 'local' | 'keyed' | 'keyless';

export interface Provider {
  /** Lower-case id used with `-p`. */
  id: string;
  label: string;
  /** Home page of the service. */
  url: string;
  /** Default base URL that `path`s are appended to. */
  baseURL: string;
  /** False when the upstream service is known to be gone; `auto` never picks it. */
  working: boolean;
  kind: ProviderKind;
  /** What it can do: stream, tools, images… (see Capability); ask with `can(provider, …)`. */
  capabilities: readonly Capability[];
  defaultModel: string;
  /** The default model was set by the user (`providers.<id>.defaultModel`): never replaced. */
  defaultModelConfigured?: boolean;
  models: readonly string[];
  modelAliases: Readonly<Record<string, string>>;
  /** When set, a model outside `models` (and its aliases) is refused before any request. */
  strictModels?: boolean;
  /** A model outside `models` is sent anyway, with a one-line warning. */
  warnUnknownModels?: boolean;
  /** Aliases are shown but never applied: the model goes on the wire as given. */
  aliasesAreMetadata?: boolean;
  /** The original's own `params` string, where it printed one. */
  paramsText?: string;
  /** Request parameters the provider honours: model, messages, stream, temperature… */
  params: readonly string[];
  /** Environment variables holding the key, first found wins. */
  apiKeyEnv?: readonly string[];
  /** The ecosystem's own variable for the base URL (e.g. OPENAI_BASE_URL). */
  baseURLEnv?: string;
  /** Maps the ecosystem's base-URL variable value to a base URL (e.g. OLLAMA_HOST rules). */
  normalizeBaseURL?(value: string): string;
  stream(req: ChatRequest, ctx: CallContext): AsyncIterable<StreamPart>;
  /** An embeddings API (OpenAI's `/embeddings`, Gemini's `batchEmbedContents`, Ollama's `/api/embed`). */
  embeddings?: EmbeddingsApi;
  /** Live model discovery where the API has it. */
  listModels?(ctx: CallContext): Promise<string[]>;
  /** Without a model configured, the first model the server lists is used. */
  pickModelLive?: boolean;
  /** The default is a name the server resolves itself (`auto`), never one it lists: no list is asked for it first. */
  defaultResolvedByServer?: boolean;
  /** Defined by the user in the config file (`providers.<id>.baseUrl`). */
  userDefined?: boolean;
  /** One line on why the provider is as it is (e.g. why it needs a key). */
  note?: string;
  /** The operator's terms for keyless use in one line (training on prompts, ads, limits). */
  terms?: string;
  /** Kept out of `auto` unless the user adds it (terms that allow training on prompts or ads). */
  notInAuto?: boolean;
}

/** Texts to turn into vectors, with one model. */
export interface EmbedRequest {
  model: string;
  inputs: readonly string[];
  /** A shorter vector, where the model can give one (OpenAI's `dimensions`, Gemini's `outputDimensionality`). */
  dimensions?: number;
}

export interface EmbedResult {
  model: string;
  /** One vector per input, in order. */
  vectors: number[][];
  inputTokens?: number;
}

/** A provider's embeddings API: the model used when none is named, and the call. */
export interface EmbeddingsApi {
  defaultModel: string;
  embed(req: EmbedRequest, ctx: CallContext): Promise<EmbedResult>;
}

/** Environment variables as read: a snapshot handed down from cli/. */
export type Env = Readonly<Record<string, string | undefined>>;
