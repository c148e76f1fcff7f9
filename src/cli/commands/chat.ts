import { openSync } from 'node:fs';
import { WriteStream } from 'node:tty';
import { toG4fError } from '../../ground/errors.js';
import { imagesDir, inputHistoryFile } from '../../store/paths.js';
import { detectImageProtocol } from '../../images/detect-protocol.js';
import type { ShowMode } from '../../images/show-image.js';
import { pictureKeeper } from '../../repl/render/keep-picture.js';
import { redact } from '../../ground/redact.js';
import { sanitizeForTerminal, sanitizeLabel } from '../../ground/terminal-safe-text.js';
import { ChatSession, type ChatTools, type TurnSettings } from '../../repl/chat-session.js';
import type { ToolFlags } from '../ask-tools.js';
import { InputHistory } from '../../repl/input-history.js';
import { runReplLoop } from '../../repl/repl-loop.js';
import type { ReplIO } from '../../repl/repl-io.js';
import { createScriptIO } from '../../repl/script-io.js';
import { createTerminalIO } from '../../repl/terminal-io.js';
import { colorsFor } from '../colors.js';
import { EXIT } from '../exit-codes.js';
import { printWarning } from '../messages.js';
import { planFromSettings } from '../plan-from-settings.js';
import { linkFor } from '../../core/routing/plan-chain.js';
import { trackHealth, type HealthTracker } from '../provider-health.js';
import { loadAppContext, resolveSettings, type AppContext, type ChatFlags, type Settings } from '../settings.js';
import { startSpinner } from '../spinner.js';
import { warnInsecureKeyTransport } from '../transport-warnings.js';
import { openConversation, type OpenConversation } from '../conversation-setup.js';
import type { ChalkInstance } from 'chalk';
import type { GatheredInput } from '../../input/input-types.js';
import { gatherAttachments, roleFor } from '../user-input.js';
import { hintOf } from '../remedy-words.js';
import { listRoles } from '../../store/roles.js';
import { shellContext } from '../shell-context.js';

/** The controlling terminal, for the prompt when stdout is a pipe; undefined where there is none. */
function openTerminalScreen(): NodeJS.WriteStream | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    return new WriteStream(openSync('/dev/tty', 'w'));
  } catch {
    return undefined;
  }
}

/** `g4f-chat chat`: the interactive REPL, or a scripted chat when stdin is not a terminal. */
export async function runChat(flags: ChatFlags): Promise<number> {
  const app = await loadAppContext();
  const settings = resolveSettings(flags, app, await roleFor(flags.role, app));
  // -f files go with the first message; they are read (and any limit said) before the chat opens.
  const attached = await gatherAttachments(flags.file, settings, flags.maxInput);
  const turn: TurnSettings = { ...settings };
  const conversation = await openConversation(flags, settings, app);
  const health = await trackHealth(app, (message) => {
    if (settings.verbose) process.stderr.write(`${colorsFor(process.stderr).dim(message)}\n`);
  });
  // MCP: one toolbox for the chat's tools, prompts and resources, loaded only when there are servers or tools.
  const { tools, mcp } = await (await import('../chat-mcp-setup.js')).chatMcpSetup(flags, app, settings, turn);
  const session = chatSession(turn, { flags, settings, app, conversation, health, tools });
  if (conversation) session.messages = conversation.restore(turn);
  session.attached = attached;
  session.mcp = mcp;

  const colors = colorsFor(process.stdout);
  const errColors = colorsFor(process.stderr);
  // stdin a terminal but stdout a pipe (`chat | tee log`): the prompt goes to the terminal itself.
  const screen = process.stdin.isTTY && !process.stdout.isTTY ? openTerminalScreen() : undefined;
  const interactive = Boolean(process.stdin.isTTY && (process.stdout.isTTY || screen));
  let io: ReplIO & { close?(): void };
  // Killed from outside, the terminal still gets its modes back (no raw mode, no bracketed paste).
  const leave = (code: number) => () => {
    io.close?.();
    process.exit(code);
  };
  const onTerm = leave(EXIT.terminated);
  const onHup = leave(129);
  const listenForTermination = () => {
    process.once('SIGTERM', onTerm);
    process.once('SIGHUP', onHup);
  };
  // The terminal is asked how it draws pictures before readline reads stdin (it would take the reply).
  const show = await pictureMode(flags, Boolean(screen));
  if (interactive) {
    io = await chatTerminal(session, turn, settings, app, screen, colors, errColors);
    const header = await chatHeader(session, settings, app, attached);
    // Killed from outside once the header is up, the terminal still gets its modes back: the
    // handlers are in place before a word is shown.
    listenForTermination();
    io.err(errColors.dim(header));
    if (screen) io.err(errColors.dim('(answers go to stdout, as they came; the prompt stays on this terminal)\n'));
  } else {
    // Only a terminal on both sides gets the interactive prompt; say why there is none.
    if (process.stdin.isTTY && !process.stdout.isTTY) {
      printWarning('stdout is not a terminal and this terminal could not be opened for the prompt, so chat reads one message per line with no prompt');
    }
    io = createScriptIO(colors, errColors);
    listenForTermination();
  }
  io.keepPicture = chatPictures(app, show, io);
  let failedTurns = 0;
  try {
    failedTurns = await runReplLoop(session, io, conversation?.commands(session));
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
    io.close?.();
  }
  // A script learns that a turn failed; a person at the terminal saw it.
  return !interactive && failedTurns > 0 ? EXIT.failed : EXIT.ok;
}

/**
 * How the chat draws pictures: --show, else what the terminal says (asked once, now); in a pipe
 * (or with the prompt on the terminal and answers piped) none: pictures are saved only.
 */
async function pictureMode(flags: ChatFlags, answersPiped: boolean): Promise<ShowMode> {
  if (answersPiped || !process.stdout.isTTY) return 'none';
  return flags.show ?? detectImageProtocol({ env: process.env, input: process.stdin.isTTY ? process.stdin : undefined, out: process.stdout });
}

/** Pictures in the chat: drawn on stdout in `show`'s way, saved in the images folder, each file a dim line. */
function chatPictures(app: AppContext, show: ShowMode, io: ReplIO): ReplIO['keepPicture'] {
  return pictureKeeper({
    dir: imagesDir(app.paths),
    out: process.stdout,
    mode: async () => show,
    say: (line, note) => io.err(`${note === 'saved' ? io.errColors.dim(line) : `${io.errColors.yellow('warning:')} ${line}`}\n`),
  });
}

/** The chat's terminal: colours, its input history, the spinner, and completion of /provider, /model and /role. */
function chatTerminal(session: ChatSession, turn: TurnSettings, settings: Settings, app: AppContext, screen: WriteStream | undefined, colors: ChalkInstance, errColors: ChalkInstance): Promise<ReplIO & { close?(): void }> {
return createTerminalIO({
    colors: screen ? colorsFor(screen) : colors,
    errColors,
    screen,
    history: new InputHistory(inputHistoryFile(app.paths)),
    startSpinner: (text) => startSpinner(text, !settings.quiet),
    completion: {
      providers: () => app.catalog.ids(),
      models: async () => {
        const provider = turn.provider.includes(',') ? undefined : app.catalog.find(turn.provider);
        if (!provider) return [];
        const live = await session.liveModels(provider.id);
        return live?.length ? live : [...provider.models, ...Object.keys(provider.modelAliases)];
      },
      roles: async () => (await listRoles(app.paths.config, shellContext(app.env))).map((role) => role.name),
      prompts: async () => (await session.mcp?.prompts()) ?? [],
      promptArgument: async (spec, argument, value, given) => (await session.mcp?.completeArgument(spec, argument, value, given)) ?? [],
      resources: async () => (await session.mcp?.resources()) ?? [],
    },
  });
}

/** The first line of an interactive chat: the provider and model, what was resumed or attached. */
async function chatHeader(session: ChatSession, settings: Settings, app: AppContext, attached: GatheredInput | undefined): Promise<string> {
  const single = app.catalog.find(settings.provider);
  // A provider of the user's own with no model set uses its server's first: the header names it.
  const firstListed = !settings.model && single?.pickModelLive ? (await session.liveModels(single.id))?.[0] : undefined;
  const modelName = settings.model ?? firstListed ?? (single && (single.modelAliases[single.defaultModel] ?? single.defaultModel));
  const model = modelName ? ` · ${modelName}` : '';
  const resumed = session.messages.length > 0 ? ` · ${session.messages.length} messages resumed` : '';
  const files = attached ? ` · ${attached.texts.length + attached.images.length} attached to your first message` : '';
  return `g4f-chat · ${sanitizeLabel(`${settings.provider}${model}`)}${resumed}${files} · /help for commands, Ctrl-D to leave\n`;
}

/** What a chat runs with, for its session's hooks. */
interface ChatParts {
  flags: ChatFlags;
  settings: Settings;
  app: AppContext;
  conversation?: OpenConversation;
  health: HealthTracker;
  tools?: ChatTools;
}

/** The chat's session: how it plans, lists models, saves exchanges, attaches files and words errors. */
function chatSession(turn: TurnSettings, { flags, settings, app, conversation, health, tools }: ChatParts): ChatSession {
  return new ChatSession(turn, {
    catalog: app.catalog,
    ...(tools ? { tools } : {}),
    onAttempts: (attempts) => health.record(attempts),
    onHealed: health.onHealed,
    liveModels: async (providerId) => {
      const provider = app.catalog.find(providerId);
      if (!provider?.listModels) return undefined;
      // --base-url and --api-key belong to the one provider chat was started with.
      const own = provider.id === settings.provider;
      const link = linkFor(provider, { catalog: app.catalog, env: app.env, storedKeys: app.storedKeys, apiKey: own ? settings.apiKey : undefined }, own ? settings.baseURL : undefined);
      if (provider.kind === 'keyed' && !link.apiKey && link.reach !== 'local') return undefined;
      return provider.listModels({ baseURL: link.baseURL, apiKey: link.apiKey, signal: AbortSignal.timeout(5000), timeoutMs: 3000, proxy: settings.proxy });
    },
    plan: async (current) => {
      const plan = await planFromSettings({ ...settings, provider: current.provider, model: current.model }, app, { onWarning: printWarning, orderGroup: health.orderGroup });
      warnInsecureKeyTransport(plan.links, printWarning);
      return plan;
    },
    onExchange: conversation ? (exchange) => conversation.append(exchange, turn.system) : undefined,
    onMessages: conversation ? (messages) => conversation.appendMessages(messages, turn.system) : undefined,
    attach: async (specs) => (await gatherAttachments(specs, settings, flags.maxInput))!,
    draw: async (prompt, current, watch) => (await import('../chat-image.js')).chatDrawing(app, settings)(prompt, current, watch),
    role: (name) => roleFor(name, app).then((role) => role!),
    roles: () => listRoles(app.paths.config, shellContext(app.env)),
    describeError: (error) => {
      const g4f = toG4fError(error);
      const hint = hintOf(g4f);
      return { message: sanitizeForTerminal(redact(g4f.message)), hint: hint && sanitizeForTerminal(redact(hint)) };
    },
  });
}
