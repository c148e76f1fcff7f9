import { nearestNames } from '../ground/nearest-names.js';
import { resolveModel } from '../core/routing/resolve-model.js';
import { G4fError } from '../ground/errors.js';
import type { ChatSession } from './chat-session.js';
import type { ReplIO } from './repl-io.js';
import { osc52Copy } from './render/osc52.js';
import { collapseAttachments, renderMarkdown } from './render/render-transcript.js';
import { toolCallLines, toolLabel, toolResultPreview } from './render/transcript-tools.js';
import { sanitizeForTerminal } from '../ground/terminal-safe-text.js';
import { SETTABLE } from './slash-settings.js';
import { INPUT_COMMANDS } from './slash-input-commands.js';
import { IMAGE_COMMANDS } from './slash-image.js';
import { runPromptCommand } from './slash-prompt.js';
import type { SlashCommand, SlashContext } from './slash-types.js';

export type { ConversationCommands, SlashCommand, SlashContext } from './slash-types.js';

const say = (ctx: SlashContext, text: string) => ctx.io.err(`${text}\n`);
const dim = (ctx: SlashContext, text: string) => ctx.io.err(`${ctx.io.errColors.dim(text)}\n`);

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { name: 'help', summary: 'show the commands', run: (_args, ctx) => say(ctx, helpText(ctx)) },
  { name: 'exit', summary: 'leave the chat (also /quit, /bye, Ctrl-D)', run: () => 'exit' },
  { name: 'quit', summary: 'leave the chat', run: () => 'exit' },
  { name: 'bye', summary: 'leave the chat', run: () => 'exit' },
  {
    name: 'clear',
    summary: 'start a new conversation',
    async run(_args, ctx) {
      ctx.session.messages = [];
      dim(ctx, ctx.conversations ? await ctx.conversations.startNew() : 'new conversation');
    },
  },
  {
    name: 'provider',
    args: '[id]',
    summary: 'show or switch the provider (a picker without an id)',
    async run(args, ctx) {
      let id = args.trim();
      if (!id) {
        if (!ctx.io.select) return say(ctx, `provider: ${ctx.session.settings.provider} (choose with /provider <id>: auto, ${ctx.session.catalog.ids().join(', ')})`);
        id = (await ctx.io.select('Provider', ['auto', ...ctx.session.catalog.ids()], ctx.session.settings.provider)) ?? '';
        if (!id) return;
      }
      const ids = id.toLowerCase().split(',');
      const unknown = ids.filter((p) => p !== 'auto' && !ctx.session.catalog.find(p));
      if (unknown.length > 0) return say(ctx, `unknown provider "${unknown[0]}"; known: auto, ${ctx.session.catalog.ids().join(', ')}`);
      ctx.session.settings.provider = ids.join(',');
      ctx.session.settings.model = undefined;
      ctx.session.replan();
      dim(ctx, `provider ${ctx.session.settings.provider}`);
      // A provider that cannot be asked as things stand (no key set) is said now, not after the next message.
      const problem = ids.includes('auto') ? undefined : await ctx.session.planProblem();
      if (problem) say(ctx, `${ctx.io.errColors.yellow('warning:')} ${problem.message}${problem.hint ? `\n  hint: ${problem.hint}` : ''}`);
    },
  },
  {
    name: 'model',
    args: '[name]',
    summary: 'show or switch the model (a picker without a name)',
    async run(args, ctx) {
      const settings = ctx.session.settings;
      const provider = settings.provider.includes(',') ? undefined : ctx.session.catalog.find(settings.provider);
      let name = args.trim();
      if (!name) {
        const current = settings.model ?? ctx.session.lastModel ?? provider?.defaultModel;
        if (!ctx.io.select || !provider) return say(ctx, `model: ${current ?? 'the provider default'}`);
        // The server's own list where it has one (as `g4f-chat models` shows), else the table.
        const live = await ctx.session.liveModels(provider.id);
        const choices = live?.length ? live : [...provider.models, ...Object.keys(provider.modelAliases)];
        name = (await ctx.io.select(`Model (${provider.id}${live?.length ? '' : ', built-in list'})`, sanitizeChoices(choices), current)) ?? '';
        if (!name) return;
      }
      if (provider) {
        try {
          resolveModel(provider, name);
        } catch (error) {
          return say(ctx, (error as G4fError).message);
        }
      }
      settings.model = name;
      ctx.session.replan();
      dim(ctx, `model ${name}`);
      if (provider) await warnUnlisted(ctx, provider.id, name, resolveModel(provider, name));
    },
  },
  {
    name: 'system',
    args: '[text]',
    summary: 'show or set the system prompt',
    run(args, ctx) {
      const text = args.trim();
      if (!text) return say(ctx, ctx.session.settings.system ? `system: ${sanitizeForTerminal(ctx.session.settings.system)}` : 'no system prompt');
      ctx.session.settings.system = text === 'off' ? undefined : text;
      dim(ctx, text === 'off' ? 'system prompt removed' : 'system prompt set');
    },
  },
  {
    name: 'retry',
    summary: 'ask the last failed question again, or for the last answer again',
    async run(_args, ctx) {
      const failed = ctx.session.lastFailed;
      if (failed !== undefined) {
        await ctx.session.send(failed, ctx.io);
        return;
      }
      const messages = ctx.session.messages;
      if (messages.length < 2) return say(ctx, 'nothing to retry yet');
      const [user, answer] = messages.splice(-2, 2);
      ctx.conversations?.replaceLastOnNextSave(true);
      const ok = await ctx.session.send(user.content, ctx.io);
      // A failed or interrupted retry leaves the conversation, on screen and saved, as it was.
      if (!ok) {
        ctx.conversations?.replaceLastOnNextSave(false);
        ctx.session.messages.push(user, answer);
      }
    },
  },
  {
    name: 'undo',
    summary: 'drop the last question and answer',
    async run(_args, ctx) {
      if (ctx.session.messages.length < 2) return say(ctx, 'nothing to undo');
      ctx.session.messages.splice(-2, 2);
      await ctx.conversations?.dropLast();
      dim(ctx, 'dropped the last exchange');
    },
  },
  {
    name: 'history',
    summary: 'show the conversation',
    async run(_args, ctx) {
      if (ctx.session.messages.length === 0) return say(ctx, 'the conversation is empty');
      const c = ctx.io.errColors;
      for (const m of ctx.session.messages) {
        // Styled as answers are on a terminal, an attachment as its heading and size; a tool's
        // result sanitised and by its first lines, each call in one line.
        if (m.role === 'tool') {
          say(ctx, `${c.yellow(`${toolLabel(m)}:`)}${ctx.io.terminal ? '\n' : ' '}${c.dim(toolResultPreview(m.content))}`);
          continue;
        }
        const text = collapseAttachments(m.content);
        const shown = ctx.io.terminal ? (await renderMarkdown(text, c, ctx.io.columns())).replace(/\n$/, '') : sanitizeForTerminal(text);
        const calls = toolCallLines(m).map((line) => c.dim(line));
        say(ctx, `${m.role === 'user' ? c.cyan('you:') : c.green('assistant:')}${ctx.io.terminal ? '\n' : ' '}${[shown, ...calls].filter(Boolean).join('\n')}`);
      }
    },
  },
  {
    name: 'copy',
    summary: 'copy the last answer to the clipboard (OSC 52)',
    run(_args, ctx) {
      const answer = ctx.session.lastAnswer;
      if (!answer) return say(ctx, 'no answer to copy yet');
      if (!ctx.io.terminal) return say(ctx, 'copying needs a terminal (OSC 52)');
      ctx.io.out.write(osc52Copy(answer));
      dim(ctx, `sent ${answer.length} characters to the clipboard with OSC 52 (works where the terminal allows it)`);
    },
  },
  {
    name: 'set',
    args: '<key> <value>',
    summary: `change a setting: ${Object.keys(SETTABLE).join(', ')}`,
    run(args, ctx) {
      const [key = '', ...rest] = args.trim().split(/\s+/);
      const setting = SETTABLE[key];
      if (!setting) return say(ctx, `settable: ${Object.entries(SETTABLE).map(([k, s]) => `${k} (${s.describe})`).join(', ')}`);
      try {
        dim(ctx, setting.apply(ctx.session, rest.join(' ')));
      } catch (error) {
        say(ctx, (error as Error).message);
      }
    },
  },
  {
    name: 'tools',
    args: '[on|off NAME]',
    summary: 'the tools offered to the model; /tools on|off NAME changes that',
    async run(args, ctx) {
      if (!ctx.session.tools) return say(ctx, 'no tools in this chat: start it with -T NAME or --tools (g4f-chat mcp list shows the servers)');
      dim(ctx, await ctx.session.tools.command(args));
    },
  },
  {
    name: 'root',
    args: '[dir]',
    summary: 'let read_file, list_files and MCP servers reach a folder too, as --root does; /root alone lists them',
    async run(args, ctx) {
      if (!ctx.session.mcp) return say(ctx, 'no tools or MCP servers in this chat: start it with -T NAME or --tools');
      const dir = args.trim();
      const roots = dir ? await ctx.session.mcp.addRoot(dir) : ctx.session.mcp.roots();
      dim(ctx, `roots: ${roots.map((r) => sanitizeForTerminal(r)).join(', ')}`);
    },
  },
  {
    name: 'stats',
    summary: 'turns, tokens and time of this chat',
    run(_args, ctx) {
      const s = ctx.session.stats;
      say(ctx, `${s.turns} answers · ${s.inputTokens} tokens in · ${s.outputTokens} tokens out · ${s.seconds.toFixed(1)}s answering · ${ctx.session.messages.length} messages in context`);
    },
  },
  {
    name: 'save',
    args: '<name>',
    summary: 'save the conversation under a name',
    async run(args, ctx) {
      if (!ctx.conversations) return say(ctx, 'conversations are not saved (--no-history)');
      if (!args.trim()) return say(ctx, 'usage: /save <name>');
      dim(ctx, await ctx.conversations.save(args.trim()));
    },
  },
  {
    name: 'load',
    args: '<name|id>',
    summary: 'continue a saved conversation',
    async run(args, ctx) {
      if (!ctx.conversations) return say(ctx, 'conversations are not saved (--no-history)');
      if (!args.trim()) return say(ctx, 'usage: /load <name|id>');
      dim(ctx, await ctx.conversations.load(args.trim()));
    },
  },
  {
    name: 'sessions',
    summary: 'list saved conversations',
    async run(_args, ctx) {
      if (!ctx.conversations) return say(ctx, 'conversations are not saved (--no-history)');
      say(ctx, await ctx.conversations.list());
    },
  },
  ...INPUT_COMMANDS,
  ...IMAGE_COMMANDS,
];

/** Most models a warning names all of. */
const SHORT_MODEL_LIST = 8;

/** A model the server's own list (when it gives one) does not hold: said now, with the nearest names, not after the next request fails. */
async function warnUnlisted(ctx: SlashContext, providerId: string, name: string, wire: string): Promise<void> {
  const live = await ctx.session.liveModels(providerId);
  if (!live?.length || live.includes(name) || live.includes(wire)) return;
  const c = ctx.io.errColors;
  const warning = `${c.yellow('warning:')} ${providerId} lists no model "${sanitizeForTerminal(name)}"`;
  // A short list is shown whole; a long one by the nearest names.
  if (live.length <= SHORT_MODEL_LIST) return say(ctx, `${warning}; it lists: ${sanitizeChoices(live).join(', ')}`);
  const near = nearestNames(name, live);
  say(ctx, `${warning}${near.length ? `; nearest: ${sanitizeChoices(near).join(', ')}` : ''} (/model alone shows its ${live.length} models)`);
}

function helpText(ctx: SlashContext): string {
  const c = ctx.io.errColors;
  const rows = SLASH_COMMANDS.filter((cmd) => cmd.name !== 'quit' && cmd.name !== 'bye').map((cmd) => {
    const usage = `/${cmd.name}${cmd.args ? ` ${cmd.args}` : ''}`;
    return `  ${c.cyan(usage.padEnd(22))} ${cmd.summary}`;
  });
  return [
    ...rows,
    '',
    ...(ctx.session.mcp ? [c.dim('  /SERVER:PROMPT name=value… adds an MCP server\'s prompt to the conversation (Tab completes; g4f-chat mcp prompts lists them).')] : []),
    c.dim('  """ on its own line starts and ends a multi-line message. !command runs it and attaches its output to your next message.'),
    c.dim('  Ctrl-R searches what you typed before; Ctrl-X Ctrl-E edits the line in $EDITOR. Ctrl-C stops an answer; Ctrl-D leaves.'),
  ].join('\n');
}

/** Runs a line starting with `/`; an unknown command gets a hint, not an error. */
export async function runSlashCommand(line: string, ctx: SlashContext): Promise<'exit' | void> {
  const match = /^\/(\S*)\s*([\s\S]*)$/.exec(line.trim());
  const name = (match?.[1] ?? '').toLowerCase();
  const command = SLASH_COMMANDS.find((cmd) => cmd.name === name);
  // `/SERVER:PROMPT name=value…`: an MCP server's prompt.
  if (!command && name.includes(':') && (await runPromptCommand(match![1], match?.[2] ?? '', ctx))) return;
  if (!command) {
    const close = SLASH_COMMANDS.filter((cmd) => cmd.name.startsWith(name.slice(0, 2)) && name.length > 0).map((cmd) => `/${cmd.name}`);
    return say(ctx, `unknown command /${sanitizeForTerminal(name)}${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}; /help lists them`);
  }
  return command.run(match?.[2] ?? '', ctx);
}

/** Model names from a server reach the picker sanitised, one line each. */
function sanitizeChoices(choices: readonly string[]): string[] {
  return choices.map((choice) => sanitizeForTerminal(choice).replace(/\n/g, ' '));
}
