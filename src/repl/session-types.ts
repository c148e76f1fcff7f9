import type { AnswerResult } from '../core/answer/answer.js';
import type { Catalog } from '../core/routing/catalog.js';
import type { ChainEvent, HealedHandler } from '../core/chain/chain.js';
import type { Plan } from '../core/routing/plan-chain.js';
import type { Role } from '../store/roles.js';
import type { Message, ToolCall, ToolSpec, Usage } from '../ground/types.js';
import type { GatheredInput } from '../input/input-types.js';
import type { ReplIO } from './repl-io.js';

/** What a chat session is given and gives back: its settings, its exchanges, its hooks into the rest. */
export interface TurnSettings {
  provider: string;
  model?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  timeoutMs: number;
  /** Longest wait for the first byte of a streamed request that has received nothing. */
  firstByteMs?: number;
  /** One deadline for the whole chain, until an answer begins. */
  chainTimeoutMs?: number;
  /** Longest one attempt at one provider may take in all. */
  maxTimeMs?: number;
  retries: number;
  /** The user allowed a prompt to move from their own providers to public ones. */
  allowPublic?: boolean;
  proxy?: string;
  markdown: boolean;
  stream: boolean;
  quiet: boolean;
  verbose: boolean;
}

export interface Exchange {
  user: Message;
  /** Assistant turns with tool calls and the tool results, between the question and the answer. */
  toolTurns?: Message[];
  assistant: Message;
  provider?: string;
  model?: string;
  usage?: Usage;
}

export interface SessionHooks {
  /** The providers this run knows, for /provider and /model. */
  catalog: Catalog;
  /** Plans the provider chain for the current settings (cached until they change). */
  plan(settings: TurnSettings): Promise<Plan>;
  /** A provider's models as its server lists them now; undefined when it cannot say. */
  liveModels?(providerId: string): Promise<string[] | undefined>;
  /** Every turn's attempts, finished or not (provider health). */
  onAttempts?(attempts: AnswerResult['attempts']): Promise<void>;
  /** A retired default was replaced from the provider's own list (said once, remembered). */
  onHealed?: HealedHandler;
  /** A finished exchange, to be saved. */
  onExchange?(exchange: Exchange): Promise<void>;
  /** Messages that joined the conversation outside an exchange (an MCP prompt's), to be saved. */
  onMessages?(messages: Message[]): Promise<void>;
  describeError(error: unknown): { message: string; hint?: string };
  /** Reads files, folders, globs and URLs for /file (the limits of -f apply). */
  attach?(specs: readonly string[]): Promise<GatheredInput>;
  /** A role by name, for /role. */
  role?(name: string): Promise<Role>;
  /** Every role there is, for /role alone. */
  roles?(): Promise<Role[]>;
  /** Tools a model may call in this chat (-T, /tools); absent when none were asked for. */
  tools?: ChatTools;
  /** /image: a picture drawn through the chat's chain (its providers with an image API). */
  draw?(prompt: string, settings: TurnSettings, watch: DrawWatch): Promise<DrawnPictures>;
}

/** What a drawing says while it goes on: the chain's events and a provider's progress; Ctrl-C's signal. */
export interface DrawWatch {
  signal: AbortSignal;
  onEvent(event: ChainEvent): void;
  onStatus(text: string): void;
}

/** Pictures /image drew, and who drew them. */
export interface DrawnPictures {
  images: Array<{ bytes: Uint8Array; mime: string }>;
  provider: string;
  model: string;
  /** The prompt as the service rewrote it. */
  revisedPrompt?: string;
  /** Words said beside the pictures. */
  text?: string;
  /** Who drew it and why the first choice did not, when it was not the first choice. */
  who?: string;
  attempts: AnswerResult['attempts'];
}

/** The tools of a chat: what is offered now, and how a step's calls are approved and run. */
export interface ChatTools {
  maxSteps: number;
  /** The specs offered now; empty when every tool is off. */
  specs(): Promise<ToolSpec[]>;
  /** Asks for each call, runs the approved ones; the tool messages, in order (and the images they returned, for a model that takes them). */
  run(calls: readonly ToolCall[], io: ReplIO, signal: AbortSignal, takesImages?: boolean): Promise<Message[]>;
  /** `/tools`, `/tools on NAME`, `/tools off NAME`: what it says back. */
  command(args: string): Promise<string>;
}

export interface SessionStats {
  turns: number;
  inputTokens: number;
  outputTokens: number;
  seconds: number;
}
