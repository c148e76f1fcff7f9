import { emptyAnswer, type AnswerResult } from '../core/answer/answer.js';
import type { ChatTools, Exchange, SessionHooks, SessionStats, TurnSettings } from './session-types.js';
import type { Catalog } from '../core/routing/catalog.js';
import type { Plan } from '../core/routing/plan-chain.js';
import { AbortedError } from '../ground/errors.js';
import { retryMessage, type ChainEvent } from '../core/chain/chain.js';
import { trimToContext } from '../core/answer/trim-context.js';
import type { ImageFile, Message } from '../ground/types.js';
import { statusLine } from './status-line.js';
import type { ReplIO, Spinner } from './repl-io.js';
import type { GatheredInput } from '../input/input-types.js';
import { composeUserMessage } from '../input/compose-message.js';
import type { Role } from '../store/roles.js';
import type { ChatMcp } from './chat-mcp.js';
import { answerTurn, turnOptions, type Turn } from './chat-turn.js';
import { TurnOutput } from './turn-output.js';

export type { ChatTools, Exchange, SessionHooks, SessionStats, TurnSettings } from './session-types.js';

/** The conversation of one chat, and how one turn of it is run. */
export class ChatSession {
  /** User and assistant turns; the system prompt lives in settings. */
  messages: Message[] = [];
  readonly stats: SessionStats = { turns: 0, inputTokens: 0, outputTokens: 0, seconds: 0 };
  lastProvider?: string;
  lastModel?: string;
  /** The last question that failed (not interrupted): what /retry asks again. */
  lastFailed?: string;
  /** Files and images attached (-f, /file) that go with the next message sent. */
  attached?: GatheredInput;
  readonly catalog: Catalog;
  /** The chat's tools, for /tools; absent when none were asked for. */
  readonly tools?: ChatTools;
  /** The MCP servers' prompts and resources, for /SERVER:PROMPT and Tab; absent without servers. */
  mcp?: ChatMcp;
  /** /image's drawing through the chain; absent where pictures cannot be drawn. */
  readonly draw?: SessionHooks['draw'];
  private cachedPlan?: { key: string; plan: Promise<Plan> };
  private readonly modelLists = new Map<string, Promise<string[] | undefined>>();

  constructor(
    readonly settings: TurnSettings,
    private readonly hooks: SessionHooks,
  ) {
    this.catalog = hooks.catalog;
    this.tools = hooks.tools;
    this.draw = hooks.draw;
  }

  get lastAnswer(): string | undefined {
    return this.messages.findLast((m) => m.role === 'assistant')?.content;
  }

  /** The live model list of a provider, asked once per chat and remembered. */
  liveModels(providerId: string): Promise<string[] | undefined> {
    let list = this.modelLists.get(providerId);
    if (!list) {
      list = this.hooks.liveModels?.(providerId).catch(() => undefined) ?? Promise.resolve(undefined);
      this.modelLists.set(providerId, list);
    }
    return list;
  }

  /** The roles there are; undefined where roles are not available. */
  async roles(): Promise<Role[] | undefined> {
    return this.hooks.roles?.();
  }

  /** Applies a role: its system prompt, and its provider, model and temperature where it names them. */
  async useRole(name: string): Promise<Role> {
    if (!this.hooks.role) throw new Error('roles are not available here');
    const role = await this.hooks.role(name);
    this.settings.system = role.system;
    if (role.provider) {
      this.settings.provider = role.provider;
      this.settings.model = undefined;
    }
    if (role.model) this.settings.model = role.model;
    if (role.temperature !== undefined) this.settings.temperature = role.temperature;
    this.replan();
    return role;
  }

  /** Adds what `specs` name to the attachments of the next message; returns what was added. */
  async attach(specs: readonly string[]): Promise<GatheredInput> {
    if (!this.hooks.attach) throw new Error('attachments are not available here');
    const added = await this.hooks.attach(specs);
    this.addAttachments(added);
    return added;
  }

  /** Joins `added` to what goes with the next message. */
  addAttachments(added: Partial<GatheredInput>): void {
    const pending = this.attached ?? { texts: [], images: [], notes: [] };
    this.attached = { texts: [...pending.texts, ...(added.texts ?? [])], images: [...pending.images, ...(added.images ?? [])], notes: [...pending.notes, ...(added.notes ?? [])] };
  }

  /** Shows a failure on stderr, its message and hint redacted and made safe for the terminal. */
  showError(io: ReplIO, error: unknown): void {
    const { message, hint } = this.hooks.describeError(error);
    io.err(`${io.errColors.red('g4f-chat:')} ${message}\n${hint ? io.errColors.dim(`  hint: ${hint}\n`) : ''}`);
  }

  /** What the chain says during a turn: notices with --verbose, retries on the spinner, who answered. */
  private showChainEvent(event: ChainEvent, spinner: Spinner, io: ReplIO): void {
    const say = (message: string) => io.err(`${io.errColors.dim(message)}\n`);
    if (event.type === 'notice' && this.settings.verbose) say(event.message);
    if (event.type === 'retry') {
      const message = retryMessage(event.provider, event.reason, event.seconds);
      if (spinner.text && io.terminal) spinner.text(message);
      else say(message);
    }
    if (event.type === 'fallback') {
      spinner.stop();
      say(event.message);
    }
    if (event.type === 'healed') this.hooks.onHealed?.(event.link, event.retired, event.reason, event.how);
  }

  /** Messages that join the conversation now, outside an exchange (an MCP prompt's): kept and saved like a turn. */
  async addMessages(messages: readonly Message[]): Promise<void> {
    if (messages.length === 0) return;
    this.messages.push(...messages);
    await this.hooks.onMessages?.([...messages]);
  }

  /** Forgets the planned chain, after a change of provider or model. */
  replan(): void {
    this.cachedPlan = undefined;
  }

  /** Sends one message; the exchange joins the conversation only if the answer completes. */
  async send(text: string, io: ReplIO): Promise<boolean> {
    const controller = new AbortController();
    const stopBusy = io.startBusy(() => controller.abort());
    const output = await TurnOutput.start(io, this.settings);
    const started = performance.now();
    const result: AnswerResult = emptyAnswer();
    // Attachments go first in the message, then what was typed; they stay pending until an answer completes.
    const user = composeUserMessage(this.attached, text);
    let failure: unknown;
    const toolTurns: Message[] = [];
    try {
      await answerTurn(await this.turn(user, output, io, controller.signal), result, toolTurns);
    } catch (error) {
      failure = controller.signal.aborted ? new AbortedError() : error;
    } finally {
      output.spinner.stop();
      stopBusy();
    }
    await output.end(result.provider);
    // Pictures follow the answer's text: drawn, saved, each file said (not after a Ctrl-C).
    const imageFiles = failure instanceof AbortedError ? [] : await this.keepPictures(result, io);
    await this.hooks.onAttempts?.(result.attempts);
    const seconds = (performance.now() - started) / 1000;
    if (failure) {
      this.showFailure(text, failure, io);
      return false;
    }
    const assistant: Message = { role: 'assistant', content: result.text || result.refusal, ...(imageFiles.length > 0 ? { imageFiles } : {}) };
    await this.keepExchange({ user, ...(toolTurns.length > 0 ? { toolTurns } : {}), assistant }, result, seconds, io);
    return true;
  }

  /** The answer's pictures through the terminal's keeper, in the order they came. */
  private async keepPictures(result: AnswerResult, io: ReplIO): Promise<ImageFile[]> {
    const files: ImageFile[] = [];
    if (!io.keepPicture) return files;
    for (const image of result.images) {
      const file = await io.keepPicture(image, result.provider ?? 'the answer');
      if (file) files.push(file);
    }
    return files;
  }

  /** Where `user` goes and with what: the planned chain, and the conversation trimmed to fit. */
  private async turn(user: Message, output: TurnOutput, io: ReplIO, signal: AbortSignal): Promise<Turn> {
    const plan = await this.plan();
    const trimmed = trimToContext([...this.systemMessages(), ...this.messages, user]);
    if (trimmed.dropped > 0) io.err(`${io.errColors.dim(`(left out ${trimmed.dropped} older messages to fit the model's context)`)}\n`);
    const request = {
      messages: trimmed.messages,
      model: this.settings.model,
      temperature: this.settings.temperature,
      maxTokens: this.settings.maxTokens,
      stream: this.settings.stream,
    };
    const options = turnOptions(this.settings, signal, (event) => this.showChainEvent(event, output.spinner, io));
    return { links: plan.links, request, options, tools: this.hooks.tools, output, io };
  }

  /** A turn that failed: interrupted ones are said so; others are shown and kept for /retry. */
  private showFailure(text: string, failure: unknown, io: ReplIO): void {
    if (failure instanceof AbortedError) {
      io.err(`${io.errColors.yellow('[interrupted]')} ${io.errColors.dim('not added to the conversation')}\n`);
      return;
    }
    this.lastFailed = text;
    this.showError(io, failure);
  }

  /** A completed exchange joins the conversation, the stats and the saved history. */
  private async keepExchange(exchange: Pick<Exchange, 'user' | 'toolTurns' | 'assistant'>, result: AnswerResult, seconds: number, io: ReplIO): Promise<void> {
    this.lastFailed = undefined;
    this.attached = undefined;
    this.messages.push(exchange.user, ...(exchange.toolTurns ?? []), exchange.assistant);
    this.lastProvider = result.provider;
    this.lastModel = result.model;
    this.recordStats(result, seconds);
    if (!this.settings.quiet) io.err(`${io.errColors.dim(statusLine(result, seconds))}\n`);
    await this.hooks.onExchange?.({ ...exchange, provider: result.provider, model: result.model, usage: result.usage });
  }

  systemMessages(): Message[] {
    return this.settings.system ? [{ role: 'system', content: this.settings.system }] : [];
  }

  /** What would stop the next message at planning (a key not set, say), found now; undefined when nothing would. */
  async planProblem(): Promise<{ message: string; hint?: string } | undefined> {
    try {
      await this.plan();
      return undefined;
    } catch (error) {
      return this.hooks.describeError(error);
    }
  }

  private plan(): Promise<Plan> {
    const key = `${this.settings.provider}|${this.settings.model ?? ''}`;
    if (this.cachedPlan?.key !== key) {
      const plan = this.hooks.plan(this.settings);
      plan.catch(() => this.replan());
      this.cachedPlan = { key, plan };
    }
    return this.cachedPlan.plan;
  }

  private recordStats(result: AnswerResult, seconds: number): void {
    this.stats.turns += 1;
    this.stats.inputTokens += result.usage?.inputTokens ?? 0;
    this.stats.outputTokens += result.usage?.outputTokens ?? 0;
    this.stats.seconds += seconds;
  }
}
